import { setHandler } from '@temporalio/workflow';
import { jointControlOpened, type BorderCrossing, type JointPostNotice } from '../../contracts';
import { jointPostEvent, jointPostRefusal } from '../../domain/joint-control/post-guard';
import type { Run } from './run';

/**
 * A joint control at facing border posts tells the movement it started (docs/joint-control.md); the
 * crossing validator then refuses a crossing at those posts that the joint control does not record.
 * A movement that never hears of a joint control behaves as before: no command changes, so runs
 * started before this replay as they ran.
 */
export function installJointPostGuard(run: Run): (c: BorderCrossing) => string | undefined {
  const notices: JointPostNotice[] = [];
  setHandler(jointControlOpened, (n) => {
    if (notices.some((x) => x.jointControl === n.jointControl)) return;
    notices.push(n);
    run.shell.record(jointPostEvent(n));
  });
  return (c) => jointPostRefusal(notices, c);
}
