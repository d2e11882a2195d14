import {
  jointControlOpened,
  recordBorderCrossing,
  notifyArrival,
  recordUnloadingRemarks,
  transitView,
} from '../../../contracts';
import { eventually, rejection } from '../../support/temporal';
import {
  freshGrn,
  guaranteeRegistration,
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
} from '../../workflows/transit-helpers';
import { explain, inOwnEnv, save, settledMovement } from './save';

/**
 * A movement told by a joint control that it started at its first border (workflows/transit/joint-post.ts):
 * the signal records the joint post in the timeline; the crossing there is the joint control's own.
 * The history no other fixture has: the signal, then the crossing that names the joint control.
 */
test('transit through a joint post: the joint control records the crossing, written off', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => t.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    const jointControl = `joint-control/KHORGOS/${t.workflowId.slice('transit/'.length)}`;
    await t.signal(jointControlOpened, { jointControl, border: 'KHORGOS', offices: ['KZKHO001'] });
    expect(
      await rejection(t, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz', sealsIntact: true }),
    ).toMatch(/joint post of KHORGOS/);
    await send(t, recordBorderCrossing, {
      office: 'KZKHO001',
      officer: 'kz',
      sealsIntact: true,
      jointControl,
    }).catch(explain);
    await send(t, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg', sealsIntact: true }).catch(
      explain,
    );
    await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' }).catch(explain);
    await send(t, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true }).catch(
      explain,
    );
    const v = await settledMovement(t);
    expect(v.state).toBe('WRITTEN_OFF');
    expect(v.timeline.some((e) => e.type === 'joint-control')).toBe(true);
    await save(env, 'transit-joint-post-written-off', t);
  });
});
