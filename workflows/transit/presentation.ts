import { condition } from '@temporalio/workflow';
import { applyPresentationLapsed, PRESENTATION_DAYS } from '../../domain/transit/presentation';
import { isoIn, nowIso } from '../shell/case';
import { commit, enter, publish, type Run } from './run';

const WAIT_MS = PRESENTATION_DAYS * 86_400_000;

/**
 * A pre-lodged declaration waits for its goods (IE170, `presentGoods`, which allocates the MRN) or
 * an invalidation; not presented in time, it lapses. The caller goes on unless it was invalidated.
 */
export async function awaitPresentation(run: Run): Promise<void> {
  const { s } = run;
  enter(
    run,
    'AWAITING_PRESENTATION',
    'system',
    'pre-lodged declaration: waiting for the goods to be presented at the office of departure (IE170)',
  );
  s.view.pending = {
    action: 'present the goods at the office of departure',
    by: 'holder',
    deadline: isoIn(WAIT_MS),
  };
  await publish(run);
  const moved = await condition(() => s.view.state !== 'AWAITING_PRESENTATION', WAIT_MS);
  if (!moved) commit(run, applyPresentationLapsed(s, nowIso()));
}
