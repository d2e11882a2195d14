import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  confirmPayment,
  intelligenceHit,
  invalidateDeclaration,
  recordControlResult,
} from '../../../contracts';
import { createTimeSkippingEnv } from '../../support/temporal';
import {
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

/** Declaration paths driven by invalidations, intelligence alerts, control findings and payments. */
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

const payment = (amount: string, currency: string, reference: string) => ({
  method: 'PAYMENT' as const,
  reference,
  amount,
  currency,
  actor: 'treasury',
});

test('declaration: yellow under control, invalidated at the declarant request before release', async () => {
  const handle = await h.start(declaration('TIN-YELLOW'));
  await inState(handle, 'UNDER_CONTROL');
  expect(
    await rejection(
      update(handle, invalidateDeclaration, { by: 'customs', actor: 'officer-1', reason: 'x' }),
    ),
  ).toMatch(/customs invalidate only after release/);
  await update(handle, invalidateDeclaration, {
    by: 'declarant',
    actor: 'cs-test',
    reason: 'goods not shipped',
  });
  const final = await handle.result();
  expect(final.state).toBe('INVALIDATED');
  expect(final.timeline.at(-1)).toMatchObject({
    state: 'INVALIDATED',
    actor: 'cs-test',
    reason: "invalidated at the declarant's request: goods not shipped",
  });
  await save(env, 'declaration-invalidated-by-declarant', handle);
});

test('declaration: green, paid, released, then invalidated by customs inside the post-release window', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  await payInFull(handle);
  await inState(handle, 'RELEASED');
  expect(
    await rejection(
      update(handle, invalidateDeclaration, { by: 'declarant', actor: 'cs-test', reason: 'x' }),
    ),
  ).toMatch(/after release only customs can/);
  await update(handle, invalidateDeclaration, {
    by: 'customs',
    actor: 'officer-1',
    reason: 'goods re-exported unused',
  });
  const final = await handle.result();
  expect(final.state).toBe('INVALIDATED');
  expect(final.timeline.at(-1)).toMatchObject({
    actor: 'officer-1',
    reason: 'invalidated by customs: goods re-exported unused',
  });
  expect(states(final).slice(-2)).toEqual(['RELEASED', 'INVALIDATED']);
  await save(env, 'declaration-invalidated-by-customs-after-release', handle);
});

test('declaration: green awaiting payment, intelligence hit forces RED, physical examination conform, paid, released', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  await inState(handle, 'AWAITING_PAYMENT');
  await handle.signal(intelligenceHit, {
    alertId: 'AL-1',
    reason: 'vehicle KZ123ABC02 linked to smuggling',
    severity: 'HIGH',
    source: 'alert/AL-1',
  });
  const ctl = await inState(handle, 'UNDER_CONTROL');
  expect(ctl).toMatchObject({ channel: 'RED', control: { type: 'PHYSICAL' } });
  expect(ctl.channelReasons.at(-1)).toMatch(/intelligence hit AL-1/);
  await update(
    handle,
    recordControlResult,
    controlResult('KZALA001', 'CONFORM', { controlType: 'PHYSICAL' }),
  );
  await payInFull(handle);
  const final = await handle.result();
  expect(final).toMatchObject({ state: 'RELEASED', channel: 'RED', auditRequested: false });
  expect(final.intelligenceHits).toEqual([expect.objectContaining({ alertId: 'AL-1', afterRelease: false })]);
  await save(env, 'declaration-intelligence-hit-before-release', handle);
});

test('declaration: green, paid, released, intelligence hit after release requests a post-entry audit', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  await payInFull(handle);
  await inState(handle, 'RELEASED');
  await handle.signal(intelligenceHit, {
    alertId: 'AL-2',
    reason: 'origin fraud pattern',
    severity: 'MEDIUM',
    source: 'alert/AL-2',
  });
  const final = await handle.result();
  expect(final).toMatchObject({ state: 'RELEASED', auditRequested: true });
  expect(final.intelligenceHits).toEqual([expect.objectContaining({ alertId: 'AL-2', afterRelease: true })]);
  expect(h.outbox.some((m) => m.messageId === `${handle.workflowId}/audit/AL-2`)).toBe(true);
  await save(env, 'declaration-intelligence-hit-after-release', handle);
});

test('declaration: blue lane, released without control with a post-entry audit requested', async () => {
  const handle = await h.start(declaration('TIN-BLUE'));
  const due = await payInFull(handle);
  expect(due).toMatchObject({ channel: 'BLUE', auditRequested: true });
  const final = await handle.result();
  expect(final).toMatchObject({ state: 'RELEASED', channel: 'BLUE', auditRequested: true });
  expect(
    h.outbox.some((m) => m.caseId === handle.workflowId && m.type === 'post-entry-audit-requested'),
  ).toBe(true);
  await save(env, 'declaration-blue-audit', handle);
});

test('declaration: red, physical examination non-conform with corrections, duties re-assessed, paid, released', async () => {
  const handle = await h.start(declaration('TIN-RED'));
  const v = await inState(handle, 'UNDER_CONTROL');
  const items = v.declaration.items.map((it) => (it.seq === 1 ? { ...it, invoiceAmount: '30000.00' } : it));
  const corrections = { items, invoice: { ...v.declaration.invoice, amount: '33400.00' } };
  await update(
    handle,
    recordControlResult,
    controlResult('KZALA001', 'NON_CONFORM', { controlType: 'PHYSICAL', corrections }),
  );
  const due = await payInFull(handle);
  expect(due.declaration.invoice.amount).toBe('33400.00');
  const final = await handle.result();
  expect(final).toMatchObject({
    state: 'RELEASED',
    control: { result: { outcome: 'NON_CONFORM', refuseRelease: false } },
  });
  expect(final.timeline.some((e) => e.type === 'corrected')).toBe(true);
  await save(env, 'declaration-red-corrected-at-control', handle);
});

test('declaration: red, physical examination finds prohibited goods, release refused: not released', async () => {
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
  expect(final.duties).toBeUndefined();
  await save(env, 'declaration-red-release-refused', handle);
});

test('declaration: green, a payment in the wrong currency refused, two partial payments, released', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  const v = await inState(handle, 'AWAITING_PAYMENT');
  const total = Number(v.payment!.due);
  const first = (Math.floor((total / 2) * 100) / 100).toFixed(2);
  const rest = (Math.round((total - Number(first)) * 100) / 100).toFixed(2);
  await handle.signal(confirmPayment, payment('10.00', 'USD', 'PAY-USD'));
  await handle.signal(confirmPayment, payment(first, v.payment!.currency, 'PAY-PART-1'));
  const half = await viewOf(handle, (x) => x.payment!.paid === first);
  expect(half).toMatchObject({
    state: 'AWAITING_PAYMENT',
    pending: { action: expect.stringContaining(rest) },
  });
  await handle.signal(confirmPayment, payment(rest, v.payment!.currency, 'PAY-PART-2'));
  const final = await handle.result();
  expect(final.state).toBe('RELEASED');
  expect(final.payment!.receipts.map((r) => r.reference)).toEqual(['PAY-PART-1', 'PAY-PART-2']);
  expect(final.timeline.some((e) => e.type === 'payment-refused')).toBe(true);
  await save(env, 'declaration-partial-payments', handle);
});

test('declaration: green, a payment repeated under its reference counts once, a clash under it refused, released', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  const v = await inState(handle, 'AWAITING_PAYMENT');
  const currency = v.payment!.currency;
  const cents = Math.round(Number(v.payment!.due) * 100);
  // More than half: counted twice (the code before the patch), the first payment would cover it all
  // and release at the repeat; this run releases only after the last two payments, each a step of
  // its own, so the two branches issue different commands and replay tells them apart.
  const firstCents = Math.ceil(cents / 2) + 1;
  const amount = (c: number) => (c / 100).toFixed(2);
  const first = amount(firstCents);
  await handle.signal(confirmPayment, payment(first, currency, 'PAY-ONCE'));
  await viewOf(handle, (x) => x.payment!.paid === first);
  // The same confirmation delivered again, in a workflow task of its own (the query waits for it).
  await handle.signal(confirmPayment, payment(first, currency, 'PAY-ONCE'));
  expect((await viewOf(handle, () => true)).payment!.paid).toBe(first);
  await handle.signal(confirmPayment, payment(amount(cents - firstCents), currency, 'PAY-ONCE'));
  await viewOf(handle, (x) => x.timeline.some((e) => e.type === 'payment-refused'));
  await handle.signal(confirmPayment, payment('0.01', currency, 'PAY-REST-1'));
  await viewOf(handle, (x) => x.payment!.receipts.length === 2);
  await handle.signal(confirmPayment, payment(amount(cents - firstCents - 1), currency, 'PAY-REST-2'));
  const final = await handle.result();
  expect(final.state).toBe('RELEASED');
  expect(final.payment!.receipts.map((r) => r.reference)).toEqual(['PAY-ONCE', 'PAY-REST-1', 'PAY-REST-2']);
  await save(env, 'declaration-payment-reference-once', handle);
});
