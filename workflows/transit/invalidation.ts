import { send } from './exchange';
import { releaseReservation } from './guarantee';
import type { Run } from './run';

/**
 * After an accepted IE014 (the update entered INVALIDATED): the guarantee reference is freed and the
 * holder gets the invalidation decision (IE009). The caller publishes.
 */
export async function closeInvalidated(run: Run): Promise<void> {
  const { s } = run;
  s.view.pending = undefined;
  s.view.deadlines.amendment = undefined;
  await releaseReservation(run);
  await send(run, 'holder', 'IE009', {
    decision: 'INVALIDATED',
    ...(s.view.invalidation?.justification ? { justification: s.view.invalidation.justification } : {}),
  });
}
