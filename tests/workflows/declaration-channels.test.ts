import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { answerQuery, caseView, confirmPayment, recordControlResult } from '../../contracts';
import { createTimeSkippingEnv } from '../support/temporal';
import {
  DAY,
  controlResult,
  declaration,
  inState,
  rejection,
  startHarness,
  update,
  stop,
  type Harness,
} from './declaration-harness';

let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'decl-channels');
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

const EventType = temporal.api.enums.v1.EventType;

const pay = (v: { duties?: { totals: { total: string }; currency: string } }) => ({
  method: 'PAYMENT' as const,
  reference: `PAY-${Math.random().toString(36).slice(2, 8)}`,
  amount: v.duties!.totals.total,
  currency: v.duties!.currency,
  actor: 'treasury',
});

test('GREEN: risk decision, duties assessed with their explanation, payment, RELEASED', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  const v = await inState(handle, 'AWAITING_PAYMENT');
  expect(v.channel).toBe('GREEN');
  expect(v.risk).toMatchObject({
    profileId: 'wf-test',
    profileVersion: 1,
    seed: handle.workflowId,
    randomlySelected: false,
    hits: [],
  });
  expect(typeof v.risk!.draw).toBe('number');
  expect(Number(v.duties!.totals.total)).toBeGreaterThan(0);
  expect(v.duties!.explanation.length).toBeGreaterThan(3);
  expect(v.pending).toMatchObject({ by: 'declarant' });
  expect(v.pending!.deadline).toBeDefined();

  await handle.signal(confirmPayment, pay(v));
  const released = await inState(handle, 'RELEASED');
  expect(released.payment!.paid).toBe(v.duties!.totals.total);
  expect(released.timeline.filter((e) => e.type === 'state').map((e) => e.state)).toEqual([
    'LODGED',
    'ACCEPTED',
    'RISK_ASSESSED',
    'DUTIES_ASSESSED',
    'AWAITING_PAYMENT',
    'RELEASED',
  ]);
  for (const e of released.timeline)
    expect(e).toEqual(expect.objectContaining({ at: expect.any(String), actor: expect.any(String) }));
  const final = await handle.result();
  expect(final.state).toBe('RELEASED');
  const types = h.outbox.filter((m) => m.caseId === handle.workflowId).map((m) => m.type);
  expect(types).toEqual([
    'declaration.accepted',
    'declaration.risk-decision',
    'declaration.duties-assessed',
    'declaration.payment-required',
    'declaration.released',
  ]);
  expect(
    h.outbox.find((m) => m.caseId === handle.workflowId && m.type === 'declaration.released')!.destination,
  ).toBe('clearance-system:cs-test');
});

test('BLUE: released without control, post-entry audit requested', async () => {
  const handle = await h.start(declaration('TIN-BLUE'));
  const v = await inState(handle, 'AWAITING_PAYMENT');
  expect(v.channel).toBe('BLUE');
  expect(v.auditRequested).toBe(true);
  expect(
    h.outbox.some((m) => m.caseId === handle.workflowId && m.type === 'post-entry-audit-requested'),
  ).toBe(true);
  await handle.signal(confirmPayment, pay(v));
  expect((await handle.result()).state).toBe('RELEASED');
});

test('YELLOW: documentary check, conform result recorded by the officer, then payment and release', async () => {
  const handle = await h.start(declaration('TIN-YELLOW'));
  const v = await inState(handle, 'UNDER_CONTROL');
  expect(v.channel).toBe('YELLOW');
  expect(v.control).toMatchObject({ type: 'DOCUMENTARY', channel: 'YELLOW' });
  expect(v.channelReasons).toEqual(expect.arrayContaining(['force-yellow: test: forced YELLOW']));
  expect(v.pending).toMatchObject({ by: 'officer' });

  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  const due = await inState(handle, 'AWAITING_PAYMENT');
  expect(due.control!.result).toMatchObject({ outcome: 'CONFORM', refuseRelease: false });
  expect(h.risk.outcomes).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ profileId: 'wf-test', ruleIds: ['force-yellow'], outcome: 'CONFORM' }),
    ]),
  );
  await handle.signal(confirmPayment, pay(due));
  expect((await handle.result()).state).toBe('RELEASED');
});

test('RED: physical examination finds under-declared value; duties re-assessed on the corrected declaration', async () => {
  const handle = await h.start(declaration('TIN-RED'));
  const v = await inState(handle, 'UNDER_CONTROL');
  expect(v.control).toMatchObject({ type: 'PHYSICAL', channel: 'RED' });
  const items = v.declaration.items.map((it) => (it.seq === 1 ? { ...it, invoiceAmount: '30000.00' } : it));
  await update(
    handle,
    recordControlResult,
    controlResult('KZALA001', 'NON_CONFORM', {
      controlType: 'PHYSICAL',
      corrections: { items, invoice: { ...v.declaration.invoice, amount: '33400.00' } },
    }),
  );
  const due = await inState(handle, 'AWAITING_PAYMENT');
  expect(due.declaration.invoice.amount).toBe('33400.00');
  expect(due.timeline.some((e) => e.type === 'corrected')).toBe(true);
  expect(h.risk.stats.get('wf-test')!['force-red']).toMatchObject({ controls: 1, nonConform: 1, hitRate: 1 });

  // The same declaration without the correction, for comparison: the corrected one owes more.
  const plain = await h.start(declaration('TIN-GREEN'));
  const plainDue = await inState(plain, 'AWAITING_PAYMENT');
  expect(Number(due.duties!.totals.total)).toBeGreaterThan(Number(plainDue.duties!.totals.total));
  await stop(plain);
  await stop(handle);
});

test('RED: the officer refuses release -> NOT_RELEASED', async () => {
  const handle = await h.start(declaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  await update(
    handle,
    recordControlResult,
    controlResult('KZALA001', 'NON_CONFORM', {
      controlType: 'PHYSICAL',
      refuseRelease: true,
      remarks: 'prohibited goods found',
    }),
  );
  const final = await handle.result();
  expect(final.state).toBe('NOT_RELEASED');
  expect(final.timeline.at(-1)).toMatchObject({ state: 'NOT_RELEASED', actor: 'officer-7' });
  expect(h.outbox.some((m) => m.caseId === handle.workflowId && m.type === 'declaration.not-released')).toBe(
    true,
  );
});

test('QUERY: held until the declarant answers; the answer gets a documentary check', async () => {
  const handle = await h.start(declaration('TIN-QUERY'));
  const v = await inState(handle, 'QUERIED');
  expect(v.query!.question).toBe('certificate of origin needed for the claimed preference');
  expect(v.pending).toMatchObject({ by: 'declarant' });
  expect(Date.parse(v.pending!.deadline!) - Date.parse(v.query!.askedAt)).toBe(7 * DAY);
  await update(handle, answerQuery, { answer: 'certificate CO-CN-2026-7781 attached', actor: 'declarant-1' });
  const checked = await inState(handle, 'UNDER_CONTROL');
  expect(checked.control!.type).toBe('DOCUMENTARY');
  expect(checked.query!.answer).toBe('certificate CO-CN-2026-7781 attached');
  await stop(handle);
});

test('QUERY: not answered before its deadline -> NOT_RELEASED', async () => {
  const handle = await h.start(declaration('TIN-QUERY'));
  await inState(handle, 'QUERIED');
  const final = await handle.result();
  expect(final.state).toBe('NOT_RELEASED');
  expect(final.timeline.at(-1)!.reason).toMatch(/not answered/);
  // the SLA of QUERIED (2 days) was breached on the way
  expect(final.timeline.some((e) => e.type === 'sla-breach' && e.state === 'QUERIED')).toBe(true);
}, 300_000);

describe('recordControlResult validator: rejected before it reaches history', () => {
  test('wrong state', async () => {
    const handle = await h.start(declaration('TIN-GREEN'));
    await inState(handle, 'AWAITING_PAYMENT');
    const before = (await handle.query(caseView)).timeline.length;
    expect(
      await rejection(update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'))),
    ).toMatch(/no control is pending: the case is AWAITING_PAYMENT/);
    expect((await handle.query(caseView)).timeline).toHaveLength(before);
    await stop(handle);
  });

  test('a result from another office, or a second result, is refused before it reaches history', async () => {
    const handle = await h.start(declaration('TIN-YELLOW'));
    const v = await inState(handle, 'UNDER_CONTROL');
    expect(
      await rejection(update(handle, recordControlResult, controlResult('KGBIS001', 'CONFORM'))),
    ).toMatch(/office KGBIS001 does not handle this case/);
    const after = await handle.query(caseView);
    expect(after.timeline).toHaveLength(v.timeline.length);
    expect(after.state).toBe('UNDER_CONTROL');
    const history = await handle.fetchHistory();
    const updates = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(updates).toHaveLength(0);
    await stop(handle);
  });
});

test('a green declaration goes from lodgement to AWAITING_PAYMENT in one workflow task, without an activity round trip', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  await inState(handle, 'AWAITING_PAYMENT');
  const events = (await handle.fetchHistory()).events ?? [];
  const upToWait = events.slice(
    0,
    events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED),
  );
  const count = (t: number) => upToWait.filter((e) => e.eventType === t).length;
  expect(count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).toBe(1);
  expect(count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(0);
  const markers = upToWait.flatMap((e) => e.markerRecordedEventAttributes?.markerName ?? []);
  // The baseline patch, then the local activities: the assessment and the write.
  expect(markers).toEqual(['core_patch', 'core_local_activity', 'core_local_activity']);
  await stop(handle);
});
