import {
  amendTransitGuarantee,
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
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
} from '../../workflows/transit-helpers';
import { explain, inOwnEnv, save, settledMovement } from './save';

/** Movements lodged after the `transit-ncts-webhook` patch: their NCTS messages are queued for the owner's webhook. */
test('transit with NCTS messages to the webhook: guarantee amended, released, written off', async () => {
  await inOwnEnv(async (env, { taskQueue, ncts }) => {
    const grn = freshGrn();
    await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(
      env,
      taskQueue,
      transitDeclaration(grn, (d) => (d.guarantee.accessCode = '0000')),
    );
    await eventually(
      () => t.query(transitView),
      (x) => x.state === 'GUARANTEE_REFUSED',
    );
    await send(t, amendTransitGuarantee, {
      by: 'holder',
      guarantee: {
        type: '1',
        grn,
        accessCode: '7391',
        amountToBeCovered: { currency: 'USD', amount: '18500.00' },
      },
    }).catch(explain);
    await eventually(
      () => t.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
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
    expect(ncts.map((m) => m.type)).toEqual(['IE928', 'IE028', 'IE004', 'IE029', 'IE043', 'IE025', 'IE045']);
    await save(env, 'transit-ncts-webhook-written-off', t);
  });
});

test('transit with NCTS messages to the webhook: invalidated under control', async () => {
  await inOwnEnv(async (env, { taskQueue, ncts }) => {
    const grn = freshGrn();
    await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const unsealed = transitDeclaration(grn, (d) => {
      d.transport.seals = [];
      d.transport.containers = [];
    });
    const t = await startTransit(env, taskQueue, unsealed);
    await eventually(
      () => t.query(transitView),
      (x) => x.state === 'UNDER_CONTROL',
    );
    await send(t, requestInvalidation, { by: 'holder' }).catch(explain);
    const v = await settledMovement(t);
    expect(v.state).toBe('INVALIDATED');
    expect(ncts.map((m) => m.type)).toEqual(['IE928', 'IE028', 'IE060', 'IE009']);
    await save(env, 'transit-ncts-webhook-invalidated', t);
  });
});
