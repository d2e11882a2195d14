import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  isCancellation,
  TemporalFailure,
} from '@temporalio/workflow';
import { retryRefusal, type FailedStep } from '../../domain/failed-step';
import type { CaseShell, ShellCase } from './case';
import type { SupervisedAction } from './supervision';

/**
 * What a process does when one of its steps fails for good (issue 13, point 5): the declaration
 * commits its pure applies (workflows/declaration/run.ts), the other processes use `shellGuard`.
 */
export interface StepGuard {
  /** Marks the case stuck on the failed step; the search attributes are current after it. */
  fail: (failed: FailedStep) => void;
  /** The step may run again: a retry cleared the failed step. */
  retried: () => boolean;
  /** After a transient failure the step runs again by itself after this long; absent: only a supervisor's retry. */
  autoRetryMs?: number;
  /** Records the automatic retry. */
  retryAutomatically?: () => void;
  /** The step runs again. */
  resumed: () => void;
}

/**
 * Runs `attempt` until it succeeds. An activity failure the retry policy gave up on, or a
 * non-retryable one (a PostgreSQL data error, activities/data-failure.ts), marks the case stuck with
 * the reason and waits for a retry, then attempts again: an attempt that builds its input anew
 * (a projection) writes what changed meanwhile, the step-failed and retry entries too. Any other
 * error (a cancellation, a bug) is the workflow's as before.
 */
export async function untilDone<T>(step: string, attempt: () => Promise<T>, guard: StepGuard): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      const failure = failedForGood(err);
      if (!failure) throw err;
      guard.fail({ step, reason: failure.message, dataError: failure.dataError });
      const auto = failure.dataError ? undefined : guard.autoRetryMs;
      if (auto === undefined) await condition(guard.retried);
      else if (!(await condition(guard.retried, auto))) guard.retryAutomatically?.();
      guard.resumed();
    }
  }
}

/** An activity failure the retry policy gave up on, or a non-retryable one (a data error). */
function failedForGood(err: unknown): { message: string; dataError: boolean } | undefined {
  if (isCancellation(err)) return undefined;
  const f = err instanceof ActivityFailure ? (err.cause ?? err) : err;
  if (!(f instanceof TemporalFailure)) return undefined;
  return { message: f.message, dataError: f instanceof ApplicationFailure && f.nonRetryable === true };
}

/**
 * The guard of a process whose failed step sits in its case shell: the stuck mark and the search
 * attributes follow it; only a supervisor's `retry` (`retryAction`) lets the step run again.
 */
export function shellGuard<V extends ShellCase>(shell: CaseShell<V>): StepGuard {
  return {
    fail: (failed) => {
      shell.failStep(failed);
      shell.upsertAttributes();
    },
    retried: () => !shell.failedStep,
    resumed: () => shell.upsertAttributes(),
  };
}

/** The supervisor's `retry` of a shell-guarded process: refused unless a step failed for good. */
export function retryAction<V extends ShellCase>(shell: CaseShell<V>): SupervisedAction {
  return {
    refusal: () => retryRefusal(shell.failedStep, shell.view.state, shell.view.stuck),
    apply: (a) => void shell.retryStep(a),
  };
}
