import {
  notifyArrival,
  recordBorderCrossing,
  recordUnloadingRemarks,
  requestInvalidation,
  transitView,
} from '../../../contracts';
import { eventually } from '../../support/temporal';
import {
  freshGrn,
  guaranteeRegistration,
  rejection,
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
} from '../../workflows/transit-helpers';
import { explain, inOwnEnv, save, settledMovement, states } from './save';

/** Movements lodged after the `transit-invalidation` patch: invalidated before release, or refused after it. */
test('transit invalidated under control: reservation released, IE009', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const unsealed = transitDeclaration(grn, (t) => {
      t.transport.seals = [];
      t.transport.containers = [];
    });
    const t = await startTransit(env, taskQueue, unsealed);
    await eventually(
      () => t.query(transitView),
      (x) => x.state === 'UNDER_CONTROL',
    );
    await send(t, requestInvalidation, { by: 'holder', justification: 'Container broken' }).catch(explain);
    const v = await settledMovement(t);
    expect(states(v)).toEqual(['LODGED', 'ACCEPTED', 'UNDER_CONTROL', 'INVALIDATED']);
    expect(v.guarantee.status).toBe('RELEASED');
    await save(env, 'transit-invalidated-under-control', t);
  });
});

test('transit invalidated while its guarantee was refused', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    await startGuarantee(env, taskQueue, guaranteeRegistration(grn, { countriesOfValidity: ['CN', 'KZ'] }));
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => t.query(transitView),
      (x) => x.state === 'GUARANTEE_REFUSED',
    );
    await send(t, requestInvalidation, { by: 'holder' }).catch(explain);
    const v = await settledMovement(t);
    expect(states(v)).toEqual(['LODGED', 'ACCEPTED', 'GUARANTEE_REFUSED', 'INVALIDATED']);
    await save(env, 'transit-invalidated-guarantee-refused', t);
  });
});

test('transit with the invalidation patch: refused after release, written off', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => t.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    expect(await rejection(t, requestInvalidation, { by: 'holder' })).toMatch(/released for transit/);
    await send(t, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz', sealsIntact: true }).catch(
      explain,
    );
    await send(t, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg', sealsIntact: true }).catch(
      explain,
    );
    await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' }).catch(explain);
    await send(t, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true }).catch(
      explain,
    );
    const v = await settledMovement(t);
    expect(v.state).toBe('WRITTEN_OFF');
    await save(env, 'transit-invalidation-refused-written-off', t);
  });
});
