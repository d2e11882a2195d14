import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  arrivalRecordView,
  exchangeMessage,
  notifyArrival,
  recordBorderCrossing,
  recordDepartureControl,
  recordUnloadingRemarks,
  transitView,
  type ArrivalRecordView,
  type TransitView,
} from '../../contracts';
import { createTimeSkippingEnv, eventually } from '../support/temporal';
import {
  DAY,
  HOUR,
  freshGrn,
  guaranteeRegistration,
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
  withWorker,
} from './transit-helpers';

/**
 * The receiving office's side of a movement (`arrival/<MRN>`) and the SLA of transit waiting states.
 * Time is skipped on the Java test server; queries are read with time locked (see transit.test.ts).
 */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const arrivalOf = (mrn: string) => env.client.workflow.getHandle(`arrival/${mrn}`);
/**
 * Reads an arrival record for `eventually`: the movement shows RELEASED_FOR_TRANSIT before its
 * activity has signalled-with-start the office of destination, so the first reads may find no workflow.
 */
const readRecord = (a: ReturnType<typeof arrivalOf>) => () =>
  a
    .query(arrivalRecordView)
    .catch(() => ({ state: 'NOT_STARTED_YET', timeline: [] }) as unknown as ArrivalRecordView);
const mrnOf = (h: { workflowId: string }) => h.workflowId.split('/')[1];
const states = (v: { timeline: { type: string; state?: string }[] }) =>
  v.timeline.filter((e) => e.type === 'state').map((e) => e.state);

test('release signals the office of destination: its arrival record is anticipated with the time limit and seals, follows the arrival and closes on the write-off; a repeated message id changes nothing', async () => {
  await withWorker(env, async ({ taskQueue, inbox, outbox }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(env, taskQueue, transitDeclaration(grn));
    const t = await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    const a = arrivalOf(mrnOf(h));
    let rec = await eventually(readRecord(a), (x) => x.state === 'ANTICIPATED' && x.expectedBy !== undefined);
    expect(rec).toMatchObject({
      kind: 'arrival',
      office: 'KGBIS001',
      country: 'KG',
      movementCaseId: h.workflowId,
      officeOfDeparture: 'CNURU001',
      expectedBy: t.deadlines.transitTimeLimit,
      seals: ['CNS000101', 'CNS000102'],
    });
    expect(rec.itinerary).toEqual(['CNURU001', 'KZKHO001', 'KGAKZ001', 'KGBIS001']);
    // the same record also left through the outbox, under the same message id
    const aar = inbox.find((m) => m.type === 'ANTICIPATED_ARRIVAL_RECORD')!;
    expect(outbox.some((m) => m.messageId === aar.messageId && m.destination === 'office:KGBIS001')).toBe(
      true,
    );

    // a redelivery of the anticipated arrival record is ignored
    await a.signal(exchangeMessage, {
      messageId: aar.messageId,
      type: aar.type,
      from: aar.from,
      sentAt: aar.sentAt,
      payload: { ...aar.payload, seals: ['FORGED'] },
    });
    rec = await eventually(readRecord(a), (x) => x.duplicatesIgnored === 1);
    expect(rec.seals).toEqual(['CNS000101', 'CNS000102']);
    expect(rec.received).toHaveLength(1);

    await send(h, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer' });
    await send(h, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg-officer' });
    await send(h, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' });
    rec = await eventually(readRecord(a), (x) => x.state === 'ARRIVED');
    expect(rec.state).toBe('ARRIVED');
    await send(h, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true });
    await eventually(
      () => a.describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    rec = await a.query(arrivalRecordView);
    expect(rec.state).toBe('WRITTEN_OFF');
    expect(rec.closure).toBe('ARRIVAL');
    expect(states(rec)).toEqual(['ANTICIPATED', 'ARRIVED', 'WRITTEN_OFF']);
    expect(rec.received.map((m) => m.type)).toEqual(['ANTICIPATED_ARRIVAL_RECORD', 'IE043', 'IE045']);
    expect(rec.timeline.every((e) => e.actor === 'office:CNURU001')).toBe(true);
    await g.terminate('test done');
  });
});

test('no arrival within the time limit: the office of destination learns of the enquiry, and of the write-off after recovery', async () => {
  await withWorker(env, async ({ taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    const a = arrivalOf(mrnOf(h));
    await env.sleep(6 * DAY + 60_000);
    const rec = await eventually(readRecord(a), (x) => x.state === 'ENQUIRY');
    expect(rec.state).toBe('ENQUIRY');
    await env.sleep(28 * DAY);
    await eventually(
      () => a.describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    const closed = await a.query(arrivalRecordView);
    expect(states(closed)).toEqual(['ANTICIPATED', 'ENQUIRY', 'WRITTEN_OFF']);
    expect(closed.closure).toBe('RECOVERY');
    expect((await h.query(transitView)).closure).toBe('RECOVERY');
    await g.terminate('test done');
  });
});

test('SLA of waiting states: under control at departure past 4 h is stuck (departure supervisor told), past 8 h escalated; the control result clears it; arrived without unloading remarks past 1 day is stuck at destination', async () => {
  await withWorker(env, async ({ taskQueue, notices }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const h = await startTransit(
      env,
      taskQueue,
      transitDeclaration(grn, (t) => {
        t.transport.seals = [];
        t.transport.containers = [];
      }),
      { settings: { slaByStateMs: { UNDER_CONTROL: 4 * HOUR, ARRIVED: DAY } } },
    );
    await eventually(
      () => h.query(transitView),
      (x) => x.state === 'UNDER_CONTROL',
    );
    await env.sleep(3 * HOUR);
    expect((await h.query(transitView)).stuck).toBe(false);
    await env.sleep(HOUR + 60_000);
    let v: TransitView = await eventually(
      () => h.query(transitView),
      (x) => x.stuck,
    );
    expect(v.stuckSince).toBeDefined();
    expect(v.timeline.at(-1)).toMatchObject({ type: 'sla-breach', state: 'UNDER_CONTROL', actor: 'system' });
    await eventually(
      async () => notices,
      (n) => n.length === 1,
    );
    expect(notices[0]).toMatchObject({
      caseId: h.workflowId,
      office: 'CNURU001',
      state: 'UNDER_CONTROL',
      kind: 'stuck',
    });
    await env.sleep(4 * HOUR);
    v = await eventually(
      () => h.query(transitView),
      (x) => x.escalations === 1,
    );
    expect(v.timeline.at(-1)).toMatchObject({ type: 'escalated', state: 'UNDER_CONTROL' });
    await eventually(
      async () => notices,
      (n) => n.length === 2,
    );
    expect(notices[1]).toMatchObject({ kind: 'escalated', office: 'CNURU001' });

    await send(h, recordDepartureControl, {
      office: 'CNURU001',
      officer: 'cn-officer',
      result: 'CONFORM',
      seals: ['CNS900001'],
    });
    v = await eventually(
      () => h.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    expect(v.stuck).toBe(false);
    expect(v.stuckSince).toBeUndefined();
    // RELEASED_FOR_TRANSIT has no SLA here: two days on the road mark nothing
    await env.sleep(2 * DAY);
    await send(h, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer' });
    await send(h, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg-officer' });
    v = await send<TransitView>(h, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' });
    expect(v.stuck).toBe(false);
    expect(notices).toHaveLength(2);
    await env.sleep(DAY + 60_000);
    v = await eventually(
      () => h.query(transitView),
      (x) => x.stuck,
    );
    expect(v.state).toBe('ARRIVED');
    await eventually(
      async () => notices,
      (n) => n.length === 3,
    );
    expect(notices[2]).toMatchObject({ office: 'KGBIS001', state: 'ARRIVED', kind: 'stuck' });
    await send(h, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true });
    const final = await eventually(
      () => h.query(transitView),
      (x) => x.state === 'WRITTEN_OFF',
    );
    expect(final.stuck).toBe(false);
    const rec: ArrivalRecordView = await eventually(
      readRecord(arrivalOf(mrnOf(h))),
      (x) => x.state === 'WRITTEN_OFF',
    );
    expect(rec.closure).toBe('ARRIVAL');
    await g.terminate('test done');
  });
});
