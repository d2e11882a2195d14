import { getClient } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { SelectionKeyOf } from '../config/secrets';
import type { CaseProjection, OutboxMessage } from '../contracts/projection';
import { projectCase, publishCase, type LegacyCaseView } from './projections/cases';
import { createTransitActivities } from './transit';
import { createAuditActivities } from './audit';
import { createAlertActivities } from './alert';
import { auditResultToAlerts } from './alert/audit-feedback';
import { createDeclarationActivities } from './declaration';
import { createExchangeActivities } from './exchange';
import { createJointControlActivities } from './joint-control';
import { withDataErrors } from './data-failure';

export interface ActivityDeps {
  pool: Pool;
  /** Each administration's random-selection key (config/secrets.ts). */
  selectionKey: SelectionKeyOf;
  /** The administrations this node serves (config/administrations.ts); unset, all of them. */
  served?: ReadonlySet<string>;
}

/**
 * Every activity, built from its dependencies. Workflows import this only as a type
 * (`proxyActivities<ReturnType<typeof createActivities>>`), so nothing here reaches the bundle. A
 * PostgreSQL data error in any of them is non-retryable (data-failure.ts).
 */
export function createActivities(deps: ActivityDeps) {
  return withDataErrors({
    ...createTransitActivities(deps),
    ...createDeclarationActivities(deps),
    ...createExchangeActivities(deps),
    ...createAuditActivities(deps),
    ...createAlertActivities(deps),
    ...createJointControlActivities(deps),
    /** The read model of a case: its row and the events it has not projected yet. */
    async projectCase(projection: CaseProjection | LegacyCaseView): Promise<void> {
      await projectCase(deps.pool, projection);
    },
    /**
     * The read model and the case's outgoing messages, in one transaction; then, for a post-entry
     * audit an alert's hit asked for, its finding to that alert (docs/alerts.md).
     */
    async publishCase(projection: CaseProjection, messages: OutboxMessage[]): Promise<void> {
      await publishCase(deps.pool, projection, messages);
      await auditResultToAlerts(deps.pool, getClient, projection);
    },
  });
}

export type Activities = ReturnType<typeof createActivities>;
