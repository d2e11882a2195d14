import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  amendDeclaration,
  answerQuery,
  caseView,
  presentGoods,
  recordControlResult,
  reroute,
  supervise,
} from '../../../contracts';
import { createTimeSkippingEnv } from '../../support/temporal';
import {
  DAY,
  MINUTE,
  controlResult,
  declaration,
  inState,
  rejection,
  update,
  viewOf,
  type Harness,
  startHarness,
} from '../../workflows/declaration-harness';
import { payInFull, save, states } from './save';

/** Declaration paths driven by the declarant and the officers: channels, re-routing, amendments, pre-lodgement. */
let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'record');
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

test('declaration: green lane, duties paid, released, post-release window closed', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  await payInFull(handle);
  await viewOf(handle, (v) => v.state === 'RELEASED');
  expect((await handle.result()).state).toBe('RELEASED');
  await save(env, 'declaration-green-paid', handle);
});

test('declaration: red lane, SLA breach, supervisor escalation, conform control, paid, released', async () => {
  const handle = await h.start(declaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  await env.sleep(5 * 3_600_000); // past the 4 h UNDER_CONTROL SLA
  await viewOf(handle, (v) => v.stuck);
  await update(handle, supervise, {
    signal: 'escalate',
    reason: 'examination team short-staffed',
    actor: 'sup-1',
    role: 'supervisor',
  });
  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  await payInFull(handle);
  expect((await handle.result()).state).toBe('RELEASED');
  await save(env, 'declaration-red-control', handle);
});

test('declaration: query lane, unanswered until its deadline, not released', async () => {
  const handle = await h.start(declaration('TIN-QUERY'));
  await inState(handle, 'QUERIED');
  await env.sleep(8 * DAY);
  const v = await viewOf(handle, (x) => x.state === 'NOT_RELEASED');
  expect(v.state).toBe('NOT_RELEASED');
  await handle.result();
  await save(env, 'declaration-query-unanswered', handle);
  expect((await handle.query(caseView)).state).toBe('NOT_RELEASED');
});

test('declaration: amended before release (invoice raised), risk again -> YELLOW, documentary check, paid, released', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  const before = await inState(handle, 'AWAITING_PAYMENT');
  const items = before.declaration.items.map((it) =>
    it.seq === 1 ? { ...it, invoiceAmount: '122000.00' } : it,
  );
  const invoice = { ...before.declaration.invoice, amount: '125400.00' };
  await update(handle, amendDeclaration, {
    amendment: { reason: 'invoice corrected by the seller', changes: { items, invoice } },
    actor: 'cs-test',
  });
  const ctl = await inState(handle, 'UNDER_CONTROL');
  expect(ctl).toMatchObject({ amendments: 1, channel: 'YELLOW', control: { type: 'DOCUMENTARY' } });
  expect(ctl.risk!.round).toBe(2);
  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  const due = await payInFull(handle);
  expect(Number(due.duties!.totals.total)).toBeGreaterThan(Number(before.duties!.totals.total));
  const final = await handle.result();
  expect(final).toMatchObject({
    state: 'RELEASED',
    amendments: 1,
    channel: 'YELLOW',
    declaration: { invoice: { amount: '125400.00' } },
  });
  await save(env, 'declaration-amended-before-release', handle);
});

test('declaration: green stand-by window, officer re-routes to YELLOW, documentary check, paid, released', async () => {
  const handle = await h.start(declaration('TIN-GREEN'), { standByMs: 15 * MINUTE });
  const v = await viewOf(handle, (x) => x.pending?.action.startsWith('stand-by') === true);
  expect(v).toMatchObject({ state: 'RISK_ASSESSED', channel: 'GREEN', pending: { by: 'officer' } });
  await update(handle, reroute, {
    channel: 'YELLOW',
    reason: 'invoice looks altered',
    office: 'KZALA001',
    actor: 'officer-3',
    role: 'officer',
  });
  const ctl = await inState(handle, 'UNDER_CONTROL');
  expect(ctl).toMatchObject({ channel: 'YELLOW', control: { type: 'DOCUMENTARY', channel: 'YELLOW' } });
  expect(ctl.channelReasons.at(-1)).toMatch(
    /re-routed GREEN -> YELLOW by officer officer-3: invoice looks altered/,
  );
  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  await payInFull(handle);
  const final = await handle.result();
  expect(final).toMatchObject({ state: 'RELEASED', channel: 'YELLOW' });
  expect(final.timeline.some((e) => e.type === 'rerouted')).toBe(true);
  await save(env, 'declaration-standby-rerouted', handle);
});

test('declaration: red under control, an officer may not lower it, a supervisor lowers it to GREEN, paid, released', async () => {
  const handle = await h.start(declaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  const lower = {
    channel: 'GREEN' as const,
    reason: 'alert cleared by the intelligence unit',
    office: 'KZALA001',
  };
  expect(await rejection(update(handle, reroute, { ...lower, actor: 'officer-3', role: 'officer' }))).toMatch(
    /takes a supervisor/,
  );
  await update(handle, reroute, { ...lower, actor: 'sup-1', role: 'supervisor' });
  const due = await inState(handle, 'AWAITING_PAYMENT');
  expect(due.channel).toBe('GREEN');
  expect(due.channelReasons.at(-1)).toMatch(/re-routed RED -> GREEN by supervisor sup-1/);
  await payInFull(handle);
  const final = await handle.result();
  expect(final).toMatchObject({ state: 'RELEASED', channel: 'GREEN' });
  expect(final.control!.result).toBeUndefined();
  await save(env, 'declaration-rerouted-lowered-by-supervisor', handle);
});

test('declaration: amendment to an HS code with no tariff line holds it, a second amendment lets it go on, paid, released', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  const v = await inState(handle, 'AWAITING_PAYMENT');
  const withHs = (hsCode: string, description: string) =>
    v.declaration.items.map((it) => (it.seq === 2 ? { ...it, hsCode, description } : it));
  await update(handle, amendDeclaration, {
    amendment: {
      reason: 'adapters reclassified',
      changes: { items: withHs('9601900000', 'Worked carving material') },
    },
    actor: 'cs-test',
  });
  const held = await inState(handle, 'HELD');
  expect(held.pending).toMatchObject({ action: 'amend the declaration', by: 'declarant' });
  expect(held.timeline.at(-1)!.reason).toMatch(
    /duties could not be assessed: no KZ tariff line for HS 9601900000/,
  );
  await update(handle, amendDeclaration, {
    amendment: {
      reason: 'classification restored',
      changes: { items: withHs('8504403000', 'Power adapters for laptops') },
    },
    actor: 'cs-test',
  });
  await payInFull(handle);
  const final = await handle.result();
  expect(final).toMatchObject({ state: 'RELEASED', amendments: 2 });
  expect(states(final)).toContain('HELD');
  await save(env, 'declaration-held-then-amended', handle);
});

test('declaration: query lane answered by the declarant, documentary check, paid, released', async () => {
  const handle = await h.start(declaration('TIN-QUERY'));
  const q = await inState(handle, 'QUERIED');
  expect(q.query!.question).toBe('certificate of origin needed for the claimed preference');
  await update(handle, answerQuery, { answer: 'certificate CO-CN-2026-7781 attached', actor: 'declarant-1' });
  const ctl = await inState(handle, 'UNDER_CONTROL');
  expect(ctl.control!.type).toBe('DOCUMENTARY');
  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  await payInFull(handle);
  const final = await handle.result();
  expect(final).toMatchObject({
    state: 'RELEASED',
    channel: 'QUERY',
    query: { answer: 'certificate CO-CN-2026-7781 attached' },
  });
  await save(env, 'declaration-query-answered', handle);
});

test('declaration: pre-lodged, goods presented at the office, green, paid, released', async () => {
  const handle = await h.start(declaration('TIN-GREEN', (d) => (d.additionalType = 'E')));
  const waiting = await inState(handle, 'AWAITING_PRESENTATION');
  expect(waiting.pending).toMatchObject({ by: 'officer' });
  expect(waiting.risk).toBeUndefined();
  await update(handle, presentGoods, { office: 'KZALA001', actor: 'officer-1', remarks: 'truck at gate 3' });
  await payInFull(handle);
  const final = await handle.result();
  expect(final).toMatchObject({ state: 'RELEASED', channel: 'GREEN' });
  expect(states(final)).toEqual([
    'LODGED',
    'ACCEPTED',
    'AWAITING_PRESENTATION',
    'RISK_ASSESSED',
    'DUTIES_ASSESSED',
    'AWAITING_PAYMENT',
    'RELEASED',
  ]);
  await save(env, 'declaration-prelodged-presented', handle);
});

test('declaration: pre-lodged, goods never presented, stuck and escalated, rejected at the deadline', async () => {
  const handle = await h.start(
    declaration('TIN-GREEN', (d) => (d.additionalType = 'D')),
    { presentationDeadlineMs: 3 * DAY },
  );
  await inState(handle, 'AWAITING_PRESENTATION');
  const final = await handle.result();
  expect(final.state).toBe('REJECTED');
  expect(final.timeline.at(-1)!.reason).toMatch(/goods not presented before the pre-lodgement deadline/);
  expect(
    final.timeline.filter((e) => e.type === 'sla-breach' || e.type === 'escalated').map((e) => e.type),
  ).toEqual(['sla-breach', 'escalated']);
  expect(final.risk).toBeUndefined();
  await save(env, 'declaration-prelodged-rejected', handle);
});
