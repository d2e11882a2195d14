import type { WorkflowHandle } from '@temporalio/client';
import { recordBorderCrossing, transitView, type TransitView } from '../../contracts';
import { eventually } from '../support/temporal';
import { send } from './transit-helpers';

/** Steps the transit workflow tests share. */
export const crossAll = async (h: Parameters<typeof send>[0]) => {
  await send(h, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer', sealsIntact: true });
  await send(h, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg-officer', sealsIntact: true });
};
/**
 * The final view, read by query with time still locked: awaiting `result()` would unlock time
 * skipping and let the server jump to the guarantee's expiry-warning timer months ahead.
 */
export const settled = async (h: Parameters<typeof send>[0]): Promise<TransitView> => {
  await eventually(
    () => h.describe(),
    (d) => d.status.name !== 'RUNNING',
  );
  expect((await h.describe()).status.name).toBe('COMPLETED');
  return h.query(transitView) as Promise<TransitView>;
};
/** No activity and no workflow task in flight, and the history unchanged over a moment. */
export const quiet = async (h: WorkflowHandle): Promise<void> => {
  const idle = (d: Awaited<ReturnType<WorkflowHandle['describe']>>) =>
    (d.raw.pendingActivities?.length ?? 0) === 0 && !d.raw.pendingWorkflowTask;
  await eventually(
    async () => {
      const first = await h.describe();
      await new Promise((r) => setTimeout(r, 250));
      return [first, await h.describe()] as const;
    },
    ([a, b]) => a.status.name !== 'RUNNING' || (idle(a) && idle(b) && a.historyLength === b.historyLength),
  );
};

/**
 * The time-skipping server keeps time locked for an activity whose completion arrives after its
 * workflow was terminated or its attempt timed out: a later `env.sleep` of the same file then waits
 * for good (seen on a loaded host). So time is skipped, and workflows terminated, only when quiet.
 */
export const sleepIdle = async (
  env: { sleep(ms: number): Promise<void> },
  h: WorkflowHandle,
  ms: number,
): Promise<void> => {
  await quiet(h);
  await env.sleep(ms);
};

export const stopQuietly = async (...handles: WorkflowHandle[]): Promise<void> => {
  for (const h of handles) {
    await quiet(h);
    await h.terminate('test done');
  }
};
export const states = (v: TransitView) => v.timeline.filter((e) => e.type === 'state').map((e) => e.state);
