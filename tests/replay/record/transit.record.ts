import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  amendTransitGuarantee,
  arrivalRecordView,
  guaranteeBalance,
  notifyArrival,
  recordBorderCrossing,
  recordDepartureControl,
  recordIncident,
  recordUnloadingRemarks,
  resolveDiscrepancies,
  transitView,
} from '../../../contracts';
import { createTimeSkippingEnv, eventually } from '../../support/temporal';
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
} from '../../workflows/transit-helpers';
import { explain, inOwnEnv, save, settledMovement, states } from './save';

/** Transit movements that reach the office of destination. Each scenario on a test server of its own. */
const released = (t: Parameters<typeof send>[0]) =>
  eventually(
    () => t.query(transitView),
    (x) => x.state === 'RELEASED_FOR_TRANSIT',
  );
const crossAll = async (t: Parameters<typeof send>[0]) => {
  await send(t, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer', sealsIntact: true });
  await send(t, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg-officer', sealsIntact: true });
};

test('transit and guarantee: Urumqi -> Khorgos -> Ak-Zhol -> Bishkek, written off, reservation released', async () => {
  const tenv = await createTimeSkippingEnv();
  try {
    await recordTransit(tenv);
  } finally {
    await tenv.teardown();
  }
});

async function recordTransit(env: TestWorkflowEnvironment) {
  await withWorker(env, async ({ taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await released(t);
    await env.sleep(DAY);
    await send(t, recordBorderCrossing, {
      office: 'KZKHO001',
      officer: 'kz-officer',
      sealsIntact: true,
    }).catch(explain);
    await send(t, recordBorderCrossing, {
      office: 'KGAKZ001',
      officer: 'kg-officer',
      sealsIntact: true,
    }).catch(explain);
    await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' }).catch(explain);
    await send(t, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true }).catch(
      explain,
    );
    const v = await eventually(
      () => t.query(transitView),
      (x) => x.state === 'WRITTEN_OFF' && x.guarantee.status === 'RELEASED',
    );
    expect(v.state).toBe('WRITTEN_OFF');
    await save(env, 'transit-written-off', t);
    await save(env, 'guarantee-reserved-released', g);
  });
}

// Movements lodged after the `transit-receiving-office` and `transit-sla` patches: a RED movement stuck
// under control past its SLA, released, crossed, arrived and written off; the office of destination's
// arrival record follows it from the anticipated arrival record to the write-off.
test('transit with receiving office and SLA: stuck under control, released, written off; arrival record closed', async () => {
  await inOwnEnv(async (tenv, { taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(tenv, taskQueue, guaranteeRegistration(grn));
    const unsealed = transitDeclaration(grn, (t) => {
      t.transport.seals = [];
      t.transport.containers = [];
    });
    const t = await startTransit(tenv, taskQueue, unsealed, {
      settings: { slaByStateMs: { UNDER_CONTROL: 4 * 3_600_000, ARRIVED: DAY } },
    });
    await eventually(
      () => t.query(transitView),
      (x) => x.state === 'UNDER_CONTROL',
    );
    await tenv.sleep(5 * 3_600_000);
    await eventually(
      () => t.query(transitView),
      (x) => x.stuck,
    );
    await send(t, recordDepartureControl, {
      office: 'CNURU001',
      officer: 'cn-officer',
      result: 'CONFORM',
      seals: ['CNS900001'],
    });
    await released(t);
    await crossAll(t);
    await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' });
    await send(t, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true });
    const v = await eventually(
      () => t.query(transitView),
      (x) => x.state === 'WRITTEN_OFF' && x.guarantee.status === 'RELEASED',
    );
    expect(v.state).toBe('WRITTEN_OFF');
    const a = tenv.client.workflow.getHandle(`arrival/${t.workflowId.split('/')[1]}`);
    await eventually(
      () => a.describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    expect((await a.query(arrivalRecordView)).state).toBe('WRITTEN_OFF');
    await save(tenv, 'transit-sla-receiving-office', t);
    await save(tenv, 'arrival-record-written-off', a);
    await g.terminate('recorded');
  });
});

test('transit: guarantee refused (wrong access code), amended within the deadline, reserved, released, written off', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(
      env,
      taskQueue,
      transitDeclaration(grn, (x) => (x.guarantee.accessCode = '0000')),
    );
    const refused = await eventually(
      () => t.query(transitView),
      (x) => x.state === 'GUARANTEE_REFUSED',
    );
    expect(refused.guarantee).toMatchObject({
      status: 'REFUSED',
      refusal: expect.stringMatching(/wrong access code/),
    });
    expect(refused.pending).toMatchObject({ by: 'holder', deadline: refused.deadlines.amendment });
    await env.sleep(DAY);
    const amountToBeCovered = { currency: 'USD', amount: '18500.00' };
    await send(t, amendTransitGuarantee, {
      by: 'holder',
      guarantee: { type: '1', grn, accessCode: '7391', amountToBeCovered },
    });
    expect((await released(t)).guarantee.status).toBe('RESERVED');
    await crossAll(t);
    await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' });
    await send(t, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true });
    const final = await settledMovement(t);
    expect(final).toMatchObject({
      state: 'WRITTEN_OFF',
      closure: 'ARRIVAL',
      guarantee: { status: 'RELEASED' },
    });
    expect(states(final)).toEqual([
      'LODGED',
      'ACCEPTED',
      'GUARANTEE_REFUSED',
      'ACCEPTED',
      'RELEASED_FOR_TRANSIT',
      'ARRIVED',
      'WRITTEN_OFF',
    ]);
    await save(env, 'transit-guarantee-refused-then-amended', t);
    await g.terminate('recorded');
  });
});

test('transit: incident on the road (transhipment, new seals), delay reported, arrived with the new seals, written off', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await released(t);
    await send(t, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer', sealsIntact: true });
    const incident = {
      type: 'TRANSHIPMENT',
      description: 'truck broke down near Korday, goods moved to XJA99999',
      country: 'KZ',
    };
    await send(t, recordIncident, { ...incident, officer: 'kz-patrol', newSeals: ['KZS000777'] });
    expect(await rejection(t, recordIncident, { ...incident, country: 'UZ', officer: 'kz-patrol' })).toMatch(
      /not a country of routing/,
    );
    await send(t, recordIncident, {
      type: 'DELAY',
      description: 'queue at the KG border',
      country: 'KG',
      officer: 'kg-officer',
    });
    await send(t, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg-officer', sealsIntact: true });
    await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' });
    await send(t, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true });
    const final = await settledMovement(t);
    expect(final).toMatchObject({ state: 'WRITTEN_OFF', seals: ['KZS000777'] });
    expect(final.incidents.map((i) => `${i.seq} ${i.type} ${i.country}`)).toEqual([
      '1 TRANSHIPMENT KZ',
      '2 DELAY KG',
    ]);
    await save(env, 'transit-incident', t);
    await g.terminate('recorded');
  });
});

test('transit: discrepancies at unloading, resolved in time, written off, reservation released', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await released(t);
    await crossAll(t);
    await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' });
    const discrepancies = [{ itemSeq: 2, description: '20 cartons missing' }];
    await send(t, recordUnloadingRemarks, {
      office: 'KGBIS001',
      officer: 'kg-dest',
      conform: false,
      discrepancies,
    });
    const v = await eventually(
      () => t.query(transitView),
      (x) => x.pending?.action === 'resolve the discrepancies',
    );
    expect(v).toMatchObject({
      state: 'DISCREPANCIES',
      pending: { action: 'resolve the discrepancies', by: 'officer' },
    });
    await env.sleep(2 * DAY);
    await send(t, resolveDiscrepancies, {
      office: 'KGBIS001',
      officer: 'kg-dest',
      resolution: 'cartons found in the second trailer, recounted: conform',
    });
    const final = await settledMovement(t);
    expect(final).toMatchObject({
      state: 'WRITTEN_OFF',
      closure: 'ARRIVAL',
      guarantee: { status: 'RELEASED' },
    });
    expect(final.unloading).toMatchObject({
      conform: false,
      discrepancies,
      resolution: expect.stringMatching(/recounted/),
    });
    expect((await g.query(guaranteeBalance)).available).toBe('250000.00');
    await save(env, 'transit-discrepancies-resolved', t);
    await g.terminate('recorded');
  });
});

test('transit: TIR movement, TIR operation started and terminated in each country, written off', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn, { type: 'B' }));
    const tir = transitDeclaration(grn, (x) => {
      x.declarationType = 'TIR';
      x.guarantee.type = 'B';
    });
    const t = await startTransit(env, taskQueue, tir, { tirCarnetNumber: 'XC71234567' });
    await released(t);
    await crossAll(t);
    await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' });
    await send(t, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true });
    const final = await settledMovement(t);
    expect(final).toMatchObject({ state: 'WRITTEN_OFF', mode: 'TIR', tirCarnetNumber: 'XC71234567' });
    expect(final.tirOperations.map((e) => `${e.country} ${e.action} at ${e.office}`)).toEqual([
      'CN started at CNURU001',
      'CN terminated at KZKHO001',
      'KZ started at KZKHO001',
      'KZ terminated at KGAKZ001',
      'KG started at KGAKZ001',
      'KG terminated at KGBIS001',
    ]);
    await save(env, 'transit-tir', t);
    await g.terminate('recorded');
  });
});
