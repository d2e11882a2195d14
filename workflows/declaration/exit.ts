import { applyExitAwaited, applyExitNotConfirmed, exitNotConfirmedMessage } from '../../domain/declaration';
import { isoAt } from '../shell/case';
import { afterRelease } from './after-release';
import { decisionMessage } from './decisions';
import { commit, publish, send, type Run } from './run';

const DAY = 86_400_000;

/**
 * A released export waits for its exit to be confirmed at the office of exit (`confirmExit`, at the
 * office or by a joint control) instead of the post-release window; invalidation and intelligence
 * hits are taken meanwhile as after any release. At the exit deadline (a timer) the case records that
 * the exit was not confirmed, tells the office of declaration through the outbox, and ends.
 */
export async function awaitExit(r: Run): Promise<void> {
  const deadline = Date.now() + (r.s.exitDeadlineMs ?? 90 * DAY);
  commit(r, applyExitAwaited(r.c, isoAt(deadline), isoAt(Date.now())));
  await publish(r, 'exit-awaited');
  const confirmed = () => !!r.c.view.exit?.confirmedAt;
  await afterRelease(r, { until: deadline, stop: confirmed });
  if (r.c.view.state !== 'RELEASED') return;
  if (confirmed()) return publish(r, 'exit-confirmed');
  commit(r, applyExitNotConfirmed(r.c, isoAt(Date.now())));
  await send(r, [exitNotConfirmedMessage(r.c), decisionMessage(r, 'exit-not-confirmed')]);
}
