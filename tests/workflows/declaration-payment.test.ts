import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DUPLICATE_PAYMENT, confirmPayment, intelligenceHit, recordPayment } from '../../contracts';
import { createTimeSkippingEnv } from '../support/temporal';
import { declaration, inState, startHarness, viewOf, stop, type Harness } from './declaration-harness';

let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'decl-life');
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

const payment = (
  amount: string,
  currency = 'KZT',
  reference = `PAY-${Math.random().toString(36).slice(2, 8)}`,
) => ({
  method: 'PAYMENT' as const,
  reference,
  amount,
  currency,
  actor: 'treasury',
});

describe('payment', () => {
  test('partial payments add up; a payment in the wrong currency is refused; RELEASED when covered', async () => {
    const handle = await h.start(declaration('TIN-GREEN'));
    const v = await inState(handle, 'AWAITING_PAYMENT');
    const total = Number(v.duties!.totals.total);
    const first = (Math.floor((total / 2) * 100) / 100).toFixed(2);
    const rest = (Math.round((total - Number(first)) * 100) / 100).toFixed(2);
    await handle.signal(confirmPayment, payment('10.00', 'USD'));
    await handle.signal(confirmPayment, payment(first));
    const half = await viewOf(handle, (x) => x.payment!.paid === first);
    expect(half.state).toBe('AWAITING_PAYMENT');
    expect(half.timeline.some((e) => e.type === 'payment-refused')).toBe(true);
    expect(half.pending!.action).toContain(rest);
    await handle.signal(confirmPayment, payment(rest));
    const final = await handle.result();
    expect(final.state).toBe('RELEASED');
    expect(final.payment!.receipts).toHaveLength(2);
  });

  test('a payment signalled twice under one reference counts once; another payment under it is refused', async () => {
    const handle = await h.start(declaration('TIN-GREEN'));
    const v = await inState(handle, 'AWAITING_PAYMENT');
    const total = Number(v.duties!.totals.total);
    const first = (Math.floor((total / 2) * 100) / 100).toFixed(2);
    const rest = (Math.round((total - Number(first)) * 100) / 100).toFixed(2);
    // Past the API's check: two deliveries of one bank confirmation, and a clash under its reference.
    await handle.signal(confirmPayment, payment(first, 'KZT', 'TRS-ONCE'));
    await handle.signal(confirmPayment, payment(first, 'KZT', 'TRS-ONCE'));
    // Another amount under the same reference (`rest` equals `first` when the total halves evenly).
    await handle.signal(confirmPayment, payment('1.00', 'KZT', 'TRS-ONCE'));
    const refused = await viewOf(handle, (x) => x.timeline.some((e) => e.type === 'payment-refused'));
    expect(refused.state).toBe('AWAITING_PAYMENT');
    expect(refused.payment!.paid).toBe(first);
    expect(refused.paymentsReceived.map((p) => p.reference)).toEqual(['TRS-ONCE']);
    expect(refused.timeline.filter((e) => e.type === 'payment-received')).toHaveLength(1);
    await handle.signal(confirmPayment, payment(rest, 'KZT', 'TRS-REST'));
    const final = await handle.result();
    expect(final.state).toBe('RELEASED');
    expect(final.payment!.receipts.map((r) => r.reference)).toEqual(['TRS-ONCE', 'TRS-REST']);
  });

  test('the recordPayment update counts a payment once: a repeat is a DuplicatePayment, a clash is refused, neither is accepted', async () => {
    const handle = await h.start(declaration('TIN-GREEN'));
    const v = await inState(handle, 'AWAITING_PAYMENT');
    const total = Number(v.duties!.totals.total);
    const first = (Math.floor((total / 2) * 100) / 100).toFixed(2);
    const rest = (Math.round((total - Number(first)) * 100) / 100).toFixed(2);
    await handle.executeUpdate(recordPayment, { args: [payment(first, 'KZT', 'TRS-UPD')] });
    // The handler records the payment; the flow counts it right after.
    const half = await viewOf(handle, (x) => x.payment!.paid === first);
    expect(half.paymentsReceived.map((r) => r.reference)).toEqual(['TRS-UPD']);
    // The time-skipping server records the rejecting workflow tasks; the real one does not
    // (tests/e2e/payments). Either way no update of theirs is accepted.
    const accepted = async () =>
      (await handle.fetchHistory()).events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)
        .length;
    const failure = (p: ReturnType<typeof payment>) =>
      handle.executeUpdate(recordPayment, { args: [p] }).then(
        () => undefined,
        (err: unknown) => (err instanceof WorkflowUpdateFailedError ? err.cause : err),
      );
    const repeat = await failure(payment(first, 'KZT', 'TRS-UPD'));
    expect(repeat).toBeInstanceOf(ApplicationFailure);
    expect((repeat as ApplicationFailure).type).toBe(DUPLICATE_PAYMENT);
    const clash = await failure(payment('1.00', 'KZT', 'TRS-UPD'));
    expect((clash as Error).message).toBe(
      'payment reference TRS-UPD was already used for another payment: a new payment takes a new reference',
    );
    expect((clash as ApplicationFailure).type).not.toBe(DUPLICATE_PAYMENT);
    expect(await accepted()).toBe(1);
    await handle.executeUpdate(recordPayment, { args: [payment(rest, 'KZT', 'TRS-UPD-2')] });
    const final = await handle.result();
    expect(final.state).toBe('RELEASED');
    expect(final.payment!.receipts.map((r) => r.reference)).toEqual(['TRS-UPD', 'TRS-UPD-2']);
  });

  test('duties secured by a guarantee release the goods; a refused guarantee keeps them waiting', async () => {
    const handle = await h.start(declaration('TIN-GREEN'));
    const v = await inState(handle, 'AWAITING_PAYMENT');
    await handle.signal(confirmPayment, {
      method: 'GUARANTEE',
      reference: 'G-1',
      grn: 'NO-SUCH',
      accessCode: 'AC01',
      actor: 'cs-test',
    });
    const refused = await viewOf(handle, (x) => x.timeline.some((e) => e.type === 'guarantee-refused'));
    expect(refused.state).toBe('AWAITING_PAYMENT');
    await handle.signal(confirmPayment, {
      method: 'GUARANTEE',
      reference: 'G-2',
      grn: 'OK-GRN-1',
      accessCode: 'AC01',
      actor: 'cs-test',
    });
    const final = await handle.result();
    expect(final.state).toBe('RELEASED');
    expect(final.payment!.secured).toEqual({ grn: 'OK-GRN-1', amount: v.duties!.totals.total });
    expect(h.reservations).toEqual(
      expect.arrayContaining([{ grn: 'OK-GRN-1', amount: v.duties!.totals.total }]),
    );
  });
});

describe('intelligence hits', () => {
  test('before release an intelligence hit forces RED', async () => {
    const handle = await h.start(declaration('TIN-GREEN'));
    await inState(handle, 'AWAITING_PAYMENT');
    await handle.signal(intelligenceHit, {
      alertId: 'AL-1',
      reason: 'vehicle KZ123ABC02 linked to smuggling',
      severity: 'HIGH',
      source: 'alert/AL-1',
    });
    const v = await inState(handle, 'UNDER_CONTROL');
    expect(v.channel).toBe('RED');
    expect(v.control!.type).toBe('PHYSICAL');
    expect(v.channelReasons.at(-1)).toMatch(/intelligence hit AL-1/);
    expect(v.intelligenceHits).toEqual([expect.objectContaining({ alertId: 'AL-1', afterRelease: false })]);
    await stop(handle);
  });

  test('after release it is recorded for the post-entry audit', async () => {
    const handle = await h.start(declaration('TIN-GREEN'));
    const v = await inState(handle, 'AWAITING_PAYMENT');
    await handle.signal(confirmPayment, payment(v.duties!.totals.total));
    await inState(handle, 'RELEASED');
    await handle.signal(intelligenceHit, {
      alertId: 'AL-2',
      reason: 'origin fraud pattern',
      severity: 'MEDIUM',
      source: 'alert/AL-2',
    });
    const final = await handle.result();
    expect(final.state).toBe('RELEASED');
    expect(final.auditRequested).toBe(true);
    expect(final.intelligenceHits).toEqual([
      expect.objectContaining({ alertId: 'AL-2', afterRelease: true }),
    ]);
    expect(h.outbox.some((m) => m.messageId === `${handle.workflowId}/audit/AL-2`)).toBe(true);
  });
});
