import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../../activities';

type Acts = ReturnType<typeof createActivities>;

export const acts = proxyActivities<Acts>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

/** A debt that cannot be assessed (no tariff line or rate) fails for good: the step falls back. */
export const debtActs = proxyActivities<Acts>({
  startToCloseTimeout: '1m',
  retry: {
    initialInterval: '1s',
    maximumInterval: '1m',
    backoffCoefficient: 2,
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['AssessmentError'],
  },
});
