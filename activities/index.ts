import type { Pool } from 'pg';
import { projectCase, type ProjectableCase } from './projections/cases';
import { createTransitActivities } from './transit';
import { createDeclarationActivities } from './declaration';
import { createExchangeActivities } from './exchange';

export interface ActivityDeps {
  pool: Pool;
}

/**
 * Every activity, built from its dependencies. Workflows import this only as a type
 * (`proxyActivities<ReturnType<typeof createActivities>>`), so nothing here reaches the bundle.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createTransitActivities(deps),
    ...createDeclarationActivities(deps),
    ...createExchangeActivities(deps),
    async projectCase(view: ProjectableCase): Promise<void> {
      await projectCase(deps.pool, view);
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
