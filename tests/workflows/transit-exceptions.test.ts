import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  amendTransitGuarantee,
  guaranteeBalance,
  notifyArrival,
  recordUnloadingRemarks,
  resolveDiscrepancies,
  transitView,
  type TransitView,
} from '../../contracts';
import { createTimeSkippingEnv, eventually, sleepIdle, stopQuietly } from '../support/temporal';
import { crossAll, settled } from './transit-steps';
import {
  DAY,
  freshGrn,
  guaranteeRegistration,
  rejection,
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
  withWorker,
} from './transit-helpers';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('discrepancies at unloading resolved within the resolution time are written off and the reservation released', async () => {
  await withWorker(env, async ({ taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    await crossAll(h);
    await send(h, notifyArrival, { office: 'KGBIS001', officer: 'kg' });
    const v = await send<TransitView>(h, recordUnloadingRemarks, {
      office: 'KGBIS001',
      officer: 'kg',
      conform: false,
      discrepancies: [{ itemSeq: 2, description: '20 cartons missing' }],
    });
    expect(v.state).toBe('DISCREPANCIES');
    await sleepIdle(env, h, 2 * DAY);
    await send(h, resolveDiscrepancies, {
      office: 'KGBIS001',
      officer: 'kg',
      resolution: 'cartons found in the second trailer, recounted: conform',
    });
    const final = await settled(h);
    expect(final.state).toBe('WRITTEN_OFF');
    expect(final.closure).toBe('ARRIVAL');
    expect(final.guarantee.status).toBe('RELEASED');
    expect((await g.query(guaranteeBalance)).available).toBe('250000.00');
    await stopQuietly(g);
  });
});

test('discrepancies left unresolved past the resolution time lead to recovery on the items concerned, charged to the guarantee', async () => {
  await withWorker(env, async ({ taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    await crossAll(h);
    await send(h, notifyArrival, { office: 'KGBIS001', officer: 'kg' });
    await send(h, recordUnloadingRemarks, {
      office: 'KGBIS001',
      officer: 'kg',
      conform: false,
      discrepancies: [{ itemSeq: 2, description: '200 cartons of pullovers missing' }],
    });
    await sleepIdle(env, h, 3 * DAY + 60_000);
    const final = await settled(h);
    expect(final.state).toBe('WRITTEN_OFF');
    expect(final.closure).toBe('RECOVERY');
    expect(final.recovery).toMatchObject({ basis: 'UNRESOLVED_DISCREPANCIES', itemSeqs: [2], country: 'KG' });
    expect(final.guarantee.status).toBe('CHARGED');
    expect((await g.query(guaranteeBalance)).charged).toBe(final.recovery!.amount);
    await stopQuietly(g);
  });
});

test('a refused guarantee (wrong access code) holds the movement; an amendment within the deadline gets it released', async () => {
  await withWorker(env, async ({ taskQueue, outbox }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(
      env,
      taskQueue,
      transitDeclaration(grn, (t) => (t.guarantee.accessCode = '0000')),
    );
    const v = await eventually(
      () => h.query(transitView),
      (x) => x.state === 'GUARANTEE_REFUSED',
    );
    expect(v.guarantee).toMatchObject({
      status: 'REFUSED',
      refusal: expect.stringMatching(/wrong access code/),
    });
    expect(v.deadlines.amendment).toBeDefined();
    await eventually(
      async () => outbox,
      (o) => o.some((m) => m.type === 'IE055'),
    );
    expect(await rejection(h, notifyArrival, { office: 'KGBIS001', officer: 'kg' })).toMatch(
      /not been released/,
    );
    await sleepIdle(env, h, DAY);
    await send(h, amendTransitGuarantee, {
      by: 'holder',
      guarantee: {
        type: '1',
        grn,
        accessCode: '7391',
        amountToBeCovered: { currency: 'USD', amount: '18500.00' },
      },
    });
    const released = await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    expect(released.guarantee.status).toBe('RESERVED');
    expect((await g.query(guaranteeBalance)).reserved).toBe('18500.00');
    await stopQuietly(h, g);
  });
});

test('a refused guarantee not amended before the deadline ends NOT_RELEASED with nothing reserved', async () => {
  await withWorker(env, async ({ taskQueue, outbox }) => {
    const grn = freshGrn();
    const g = await startGuarantee(
      env,
      taskQueue,
      guaranteeRegistration(grn, { countriesOfValidity: ['CN', 'KZ'] }),
    );
    const h = await startTransit(env, taskQueue, transitDeclaration(grn));
    const v = await eventually(
      () => h.query(transitView),
      (x) => x.state === 'GUARANTEE_REFUSED',
    );
    expect(v.guarantee.refusal).toMatch(/not valid in KG/);
    await sleepIdle(env, h, 3 * DAY + 60_000);
    const final = await settled(h);
    expect(final.state).toBe('NOT_RELEASED');
    expect(outbox.some((m) => m.type === 'IE051')).toBe(true);
    expect((await g.query(guaranteeBalance)).reserved).toBe('0.00');
    await stopQuietly(g);
  });
});

test('TIR mode records the TIR operation start at entry and termination at exit for each country of the journey', async () => {
  await withWorker(env, async ({ taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn, { type: 'B' }));
    const h = await startTransit(
      env,
      taskQueue,
      transitDeclaration(grn, (t) => {
        t.declarationType = 'TIR';
        t.guarantee.type = 'B';
      }),
      { tirCarnetNumber: 'XC71234567' },
    );
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    await crossAll(h);
    await send(h, notifyArrival, { office: 'KGBIS001', officer: 'kg' });
    await send(h, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg', conform: true });
    const final = await settled(h);
    expect(final.mode).toBe('TIR');
    expect(final.tirCarnetNumber).toBe('XC71234567');
    expect(final.tirOperations.map((e) => `${e.country} ${e.action} at ${e.office}`)).toEqual([
      'CN started at CNURU001',
      'CN terminated at KZKHO001',
      'KZ started at KZKHO001',
      'KZ terminated at KGAKZ001',
      'KG started at KGAKZ001',
      'KG terminated at KGBIS001',
    ]);
    expect(final.timeline.filter((e) => e.type.startsWith('tir-operation-'))).toHaveLength(6);
    await stopQuietly(g);
  });
});
