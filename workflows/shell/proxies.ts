import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';

export type Activities = ReturnType<typeof createActivities>;

/**
 * The activities of every case process with the policy they share: a side effect (a read-model
 * write, an outbox row, a signal to another case) retried from 1 s, doubling to a minute apart, for
 * as long as it takes. A step that may fail for good declares its own proxy beside its process.
 */
export const caseActivities = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});
