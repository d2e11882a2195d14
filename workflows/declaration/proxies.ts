import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../shell/proxies';

export { caseActivities as acts } from '../shell/proxies';
// Risk and duties read reference data and profiles: a bad profile or missing tariff line is a
// non-retryable failure (typed in the activities); transient errors are retried a few times.
export const scoring = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', maximumInterval: '30s', backoffCoefficient: 2, maximumAttempts: 10 },
});

/**
 * The short steps of a case run as local activities in histories started since
 * `declaration-lean-history`: one read of reference data or one transaction each, they run in the
 * worker that holds the workflow task, so a green declaration goes from lodgement to its wait for
 * payment in one workflow task, with one marker per step instead of three events and a task round
 * trip. Their retry policies are those of the activities they replace: a local activity that runs
 * out of attempts fails the workflow like an activity does (it does not fail the task), so the
 * read-model and outbox write retries without limit, and a retry beyond `localRetryThreshold` backs
 * off on a workflow timer instead of holding the task. A database outage therefore waits, as the
 * fault test `postgres-outage` checks. Non-retryable failures are typed as with the regular
 * activities: a missing tariff line still holds the case.
 */
export const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  localRetryThreshold: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '1m', backoffCoefficient: 2 },
});
/**
 * The read-model and outbox write of runs since `declaration-stuck-on-failed-write`: the backoff of
 * `local`, but bounded (about 100 s of attempts, more than the 30 s outage the fault test rides
 * out), so a write that keeps failing marks the case stuck with the reason instead of retrying
 * unseen for ever (../shell/failed-step.ts). A data error is non-retryable and stops at the first attempt.
 */
export const localWrite = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10s',
  localRetryThreshold: '10s',
  retry: { initialInterval: '200ms', maximumInterval: '1m', backoffCoefficient: 2, maximumAttempts: 10 },
});
/** Risk and duties as local activities, with the attempts of `scoring`. */
export const localScoring = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30s',
  localRetryThreshold: '10s',
  retry: { initialInterval: '1s', maximumInterval: '30s', backoffCoefficient: 2, maximumAttempts: 10 },
});
