import { presentTransitGoods, transitView } from '../../../contracts';
import { eventually } from '../../support/temporal';
import {
  DAY,
  freshGrn,
  guaranteeRegistration,
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
} from '../../workflows/transit-helpers';
import { explain, inOwnEnv, save, settledMovement, states } from './save';

/** Pre-lodged movements lodged after the `transit-prelodged-presentation` patch. */
const prelodged = (grn: string) =>
  transitDeclaration(grn, (t) => {
    t.additionalType = 'D';
    t.transport.seals = [];
    t.transport.containers = [];
  });

test('transit pre-lodged: presented, examined, not released', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, prelodged(grn));
    await eventually(
      () => t.query(transitView),
      (x) => x.state === 'AWAITING_PRESENTATION',
    );
    await send(t, presentTransitGoods, { by: 'holder', office: 'CNURU001', location: 'terminal' }).catch(
      explain,
    );
    await eventually(
      () => t.query(transitView),
      (x) => x.state === 'UNDER_CONTROL',
    );
    await t.executeUpdate('recordDepartureControl', {
      args: [{ office: 'CNURU001', officer: 'cn', result: 'NON_CONFORM', reason: 'goods not as declared' }],
    });
    const v = await settledMovement(t);
    expect(states(v)).toEqual([
      'LODGED',
      'AWAITING_PRESENTATION',
      'ACCEPTED',
      'UNDER_CONTROL',
      'NOT_RELEASED',
    ]);
    await save(env, 'transit-prelodged-presented-not-released', t);
  });
});

test('transit pre-lodged: never presented, lapsed', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, prelodged(grn));
    await eventually(
      () => t.query(transitView),
      (x) => x.state === 'AWAITING_PRESENTATION',
    );
    await env.sleep(30 * DAY + 60_000);
    const v = await settledMovement(t);
    expect(states(v)).toEqual(['LODGED', 'AWAITING_PRESENTATION', 'INVALIDATED']);
    await save(env, 'transit-prelodged-lapsed', t);
  });
});
