import { ApplicationFailure } from '@temporalio/activity';
import { AssessmentError } from '../domain/explain';

/**
 * Missing or invalid reference data (no tariff line, no rate) is a data error: more attempts change
 * nothing, so an activity rethrows it as non-retryable and the workflow decides (a declaration is
 * held). Any other error is returned as it was, for the retry policy.
 */
export function nonRetryableAssessment(err: unknown): unknown {
  if (!(err instanceof AssessmentError)) return err;
  return ApplicationFailure.nonRetryable(err.message, 'AssessmentError', { code: err.code, path: err.path });
}
