import { ApplicationFailure } from '@temporalio/activity';

/**
 * SQLSTATEs no further attempt can change: class 22 (data exception: a NUL or an untranslatable
 * character, a value out of range, bad date or JSON text) and the integrity violations a row makes
 * by itself (23502 not null, 23514 check, 23P01 exclusion). A unique or foreign-key violation stays
 * retryable: a concurrent writer can make the next attempt pass. Connection and server classes (08,
 * 57P, 53) stay retryable too: an outage ends.
 */
const PERMANENT = /^(22[0-9A-Z]{3}|23502|23514|23P01)$/;

/** The type a workflow sees on the failure (`ApplicationFailure.type`). */
export const DATA_ERROR = 'DataError';

/**
 * A PostgreSQL error that retrying cannot fix becomes a non-retryable ApplicationFailure naming the
 * SQLSTATE, so the activity stops at once and the workflow decides (the case is marked stuck with
 * the reason, workflows/shell/failed-step.ts). Anything else is returned as it was, for the retry
 * policy.
 */
export function nonRetryableData(err: unknown): unknown {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (!(err instanceof Error) || typeof code !== 'string' || !PERMANENT.test(code)) return err;
  return ApplicationFailure.nonRetryable(
    `PostgreSQL refused the data (SQLSTATE ${code}): ${err.message}`,
    DATA_ERROR,
    { sqlstate: code },
  );
}

type AnyActivity = (...args: never[]) => Promise<unknown>;

/** Every activity of `activities`, with its PostgreSQL data errors made non-retryable. */
export function withDataErrors<T extends Record<string, AnyActivity>>(activities: T): T {
  const wrapped: Record<string, AnyActivity> = {};
  for (const [name, fn] of Object.entries(activities))
    wrapped[name] = async (...args) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw nonRetryableData(err);
      }
    };
  return wrapped as T;
}
