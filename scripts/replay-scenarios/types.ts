import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

/**
 * A scenario drives one workflow through a representative path on the time-skipping server. Its
 * activities are small local implementations: a history records activity results, not how they
 * were produced, so replay needs no database.
 */
export interface ReplayScenario {
  name: string;
  activities: Record<string, (...args: never[]) => Promise<unknown>>;
  run(ctx: { env: TestWorkflowEnvironment; client: Client; taskQueue: string }): Promise<string>;
}
