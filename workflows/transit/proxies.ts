import { proxyActivities } from '@temporalio/workflow';
import type { Activities as Acts } from '../shell/proxies';

export { caseActivities as acts } from '../shell/proxies';

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
