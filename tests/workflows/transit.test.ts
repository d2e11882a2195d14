import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  amendTransitGuarantee,
  answerEnquiry,
  guaranteeBalance,
  notifyArrival,
  recordBorderCrossing,
  recordDepartureControl,
  recordIncident,
  recordUnloadingRemarks,
  transitView,
  type TransitView,
} from '../../contracts';
import { createTimeSkippingEnv, eventually } from '../support/temporal';
import { settled, states } from './transit-steps';
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

test('happy path Urumqi -> Khorgos -> Ak-Zhol -> Bishkek: reserved, released with seals, crossed, arrived, unloaded conform, WRITTEN_OFF and the reservation released', async () => {
  await withWorker(env, async ({ taskQueue, outbox }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(env, taskQueue, transitDeclaration(grn));
    let v = await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    expect(v.state).toBe('RELEASED_FOR_TRANSIT');
    expect(v.channel).toBe('GREEN');
    expect(v.seals).toEqual(['CNS000101', 'CNS000102']);
    expect(v.guarantee).toMatchObject({ grn, status: 'RESERVED', amount: '18500.00', currency: 'USD' });
    expect(v.itinerary.map((s) => `${s.role}:${s.office}`)).toEqual([
      'departure:CNURU001',
      'transit:KZKHO001',
      'transit:KGAKZ001',
      'destination:KGBIS001',
    ]);
    // 6 days on the CN>KG route
    expect(
      Date.parse(v.deadlines.transitTimeLimit!) -
        Date.parse(v.timeline.find((e) => e.state === 'RELEASED_FOR_TRANSIT')!.at),
    ).toBe(6 * DAY);
    expect((await g.query(guaranteeBalance)).available).toBe('231500.00');
    // anticipated arrival record to destination, anticipated transit records to each office of transit
    expect(
      outbox
        .filter((m) => m.type.startsWith('ANTICIPATED'))
        .map((m) => `${m.type}>${m.destination}`)
        .sort(),
    ).toEqual([
      'ANTICIPATED_ARRIVAL_RECORD>office:KGBIS001',
      'ANTICIPATED_TRANSIT_RECORD>office:KGAKZ001',
      'ANTICIPATED_TRANSIT_RECORD>office:KZKHO001',
    ]);

    await env.sleep(DAY);
    await send(h, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer', sealsIntact: true });
    await send(h, recordIncident, {
      type: 'DELAY',
      description: 'queue at Korday',
      country: 'KZ',
      officer: 'kz-officer',
    });
    await env.sleep(DAY);
    await send(h, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg-officer', sealsIntact: true });
    await env.sleep(DAY);
    v = await send<TransitView>(h, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' });
    expect(v.state).toBe('ARRIVED');
    expect(v.itinerary.filter((s) => s.role === 'transit').every((s) => s.crossedAt)).toBe(true);
    await send(h, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true });
    const final = await settled(h);
    expect(final.state).toBe('WRITTEN_OFF');
    expect(final.closure).toBe('ARRIVAL');
    expect(final.guarantee.status).toBe('RELEASED');
    expect(final.incidents).toHaveLength(1);
    expect(states(final)).toEqual(['LODGED', 'ACCEPTED', 'RELEASED_FOR_TRANSIT', 'ARRIVED', 'WRITTEN_OFF']);
    const balance = await g.query(guaranteeBalance);
    expect(balance).toMatchObject({
      available: '250000.00',
      reserved: '0.00',
      charged: '0.00',
      openReservations: [],
    });
    expect(outbox.map((m) => m.type)).toEqual(expect.arrayContaining(['IE006', 'IE043', 'IE045', 'IE025']));
    await g.terminate('test done');
  });
});

test('time limit of 6 days passed without arrival opens an enquiry; an answer with proof closes the movement and releases the reservation', async () => {
  await withWorker(env, async ({ taskQueue, outbox }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    await send(h, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer' });
    await env.sleep(5 * DAY);
    expect((await h.query(transitView)).state).toBe('RELEASED_FOR_TRANSIT');
    await env.sleep(DAY + 60_000);
    const v = await eventually(
      () => h.query(transitView),
      (x) => x.state === 'ENQUIRY',
    );
    expect(v.state).toBe('ENQUIRY');
    expect(Date.parse(v.deadlines.enquiryResponse!) - Date.parse(v.enquiry!.openedAt)).toBe(28 * DAY);
    await eventually(
      async () => outbox,
      (o) => o.some((m) => m.type === 'IE140' && m.destination.startsWith('holder:')),
    );
    expect(outbox.some((m) => m.type === 'IE140' && m.destination === 'holder:CN91650100MA7XYZ12')).toBe(
      true,
    );

    await env.sleep(3 * DAY);
    await send(h, answerEnquiry, {
      by: 'holder',
      proof: { kind: 'DESTINATION_ENDORSEMENT', reference: 'KG-IM-2026-0099', office: 'KGBIS001' },
    });
    const final = await settled(h);
    expect(final.state).toBe('WRITTEN_OFF');
    expect(final.closure).toBe('ENQUIRY_PROOF');
    expect(final.guarantee.status).toBe('RELEASED');
    expect(states(final)).toEqual(['LODGED', 'ACCEPTED', 'RELEASED_FOR_TRANSIT', 'ENQUIRY', 'WRITTEN_OFF']);
    expect((await g.query(guaranteeBalance)).available).toBe('250000.00');
    await g.terminate('test done');
  });
});

test('an enquiry left unanswered for 28 days leads to recovery: debt computed for the destination country with the duty engine, charged to the guarantee, then WRITTEN_OFF', async () => {
  await withWorker(env, async ({ taskQueue, outbox }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    await env.sleep(6 * DAY + 60_000);
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'ENQUIRY',
    );
    await env.sleep(14 * DAY);
    expect((await h.query(transitView)).state).toBe('ENQUIRY');
    await env.sleep(14 * DAY);
    const final = await settled(h);
    expect(final.state).toBe('WRITTEN_OFF');
    expect(final.closure).toBe('RECOVERY');
    expect(states(final)).toEqual([
      'LODGED',
      'ACCEPTED',
      'RELEASED_FOR_TRANSIT',
      'ENQUIRY',
      'RECOVERY',
      'WRITTEN_OFF',
    ]);
    const r = final.recovery!;
    expect(r).toMatchObject({
      basis: 'NON_ARRIVAL',
      country: 'KG',
      nationalCurrency: 'KGS',
      currency: 'USD',
      itemSeqs: [1, 2],
    });
    expect(Number(r.amount)).toBeGreaterThan(0);
    expect(r.amount).toMatch(/^\d+\.\d{2}$/);
    expect(final.guarantee.status).toBe('CHARGED');
    expect(final.guarantee.charged).toBe(r.amount);
    const balance = await g.query(guaranteeBalance);
    expect(balance.charged).toBe(r.amount);
    expect(balance.reserved).toBe('0.00');
    // available = reference - charged, exactly (decimal arithmetic)
    expect(Math.round((250000 - Number(r.amount)) * 100)).toBe(Math.round(Number(balance.available) * 100));
    expect(outbox.some((m) => m.type === 'IE035')).toBe(true);
    await g.terminate('test done');
  });
});

test('out-of-sequence messages are rejected with the reason: arrival before release, crossing off the itinerary or out of order, unloading before arrival, a second write-off', async () => {
  await withWorker(env, async ({ taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    // no seals: RED, held under control at departure
    const h = await startTransit(
      env,
      taskQueue,
      transitDeclaration(grn, (t) => (t.transport.seals = [])),
    );
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'UNDER_CONTROL',
    );
    expect(await rejection(h, notifyArrival, { office: 'KGBIS001', officer: 'kg' })).toMatch(
      /arrival refused: the movement has not been released for transit \(it is UNDER_CONTROL\)/,
    );
    expect(await rejection(h, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz' })).toMatch(
      /not been released/,
    );
    expect(
      await rejection(h, recordDepartureControl, {
        office: 'KZKHO001',
        officer: 'x',
        result: 'CONFORM',
        seals: ['S1'],
      }),
    ).toMatch(/not the office of departure/);
    await send(h, recordDepartureControl, {
      office: 'CNURU001',
      officer: 'cn-officer',
      result: 'CONFORM',
      seals: ['CUS000001'],
    });
    const v = await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    expect(v.seals).toEqual(['CUS000001']);

    expect(await rejection(h, recordBorderCrossing, { office: 'CNKHO001', officer: 'cn' })).toMatch(
      /CNKHO001 is not an office of transit on the itinerary \(KZKHO001, KGAKZ001\)/,
    );
    expect(await rejection(h, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg' })).toMatch(
      /must cross KZKHO001 before KGAKZ001/,
    );
    expect(await rejection(h, notifyArrival, { office: 'KGBIS001', officer: 'kg' })).toMatch(
      /no border crossing recorded yet at KZKHO001, KGAKZ001/,
    );
    expect(
      await rejection(h, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg', conform: true }),
    ).toMatch(/goods have not arrived/);
    expect(await rejection(h, answerEnquiry, { by: 'holder' })).toMatch(/no enquiry is open/);
    await send(h, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz' });
    expect(await rejection(h, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz' })).toMatch(
      /already recorded/,
    );
    await send(h, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg' });
    expect(await rejection(h, notifyArrival, { office: 'KGAKZ001', officer: 'kg' })).toMatch(
      /not the office of destination \(KGBIS001\)/,
    );
    await send(h, notifyArrival, { office: 'KGBIS001', officer: 'kg' });
    expect(await rejection(h, notifyArrival, { office: 'KGBIS001', officer: 'kg' })).toMatch(
      /already notified/,
    );
    expect(
      await rejection(h, amendTransitGuarantee, {
        by: 'holder',
        guarantee: { type: '1', grn, accessCode: '7391' },
      }),
    ).toMatch(/amendment refused/);
    await send(h, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg', conform: true });
    const second = await rejection(h, recordUnloadingRemarks, {
      office: 'KGBIS001',
      officer: 'kg',
      conform: true,
    });
    expect(second).not.toBe('accepted');
    const final = await settled(h);
    expect(final.state).toBe('WRITTEN_OFF');
    expect(final.timeline.filter((e) => e.type === 'unloading-remarks')).toHaveLength(1);
    expect((await g.query(guaranteeBalance)).available).toBe('250000.00');
    await g.terminate('test done');
  });
});
