import { isDeepStrictEqual } from 'node:util';
import {
  clearance,
  freshLrn,
  officer,
  stack,
  treasury,
  useClearanceStack,
  viewWhen,
} from '../support/clearance';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * Issue 13, point 4: payments are confirmed by the treasury, never by the trader who owes them, and
 * are keyed by their reference: the same payment again answers as the first and counts once,
 * another payment under a used reference is a 409. Refused or repeated, nothing reaches the case,
 * the read model or the outbox. The declarant may still secure its duties with a guarantee.
 */
useClearanceStack('e2e-payments');

const pay = (mrn: string, token: string, body: Record<string, unknown>) =>
  stack.request('POST', `/v1/declarations/${mrn}/payments`, { token, body });

/** The case as customs see it, its read-model row and outbox, once the writes caught up with it. */
async function footprint(mrn: string) {
  const caseId = `declaration/${mrn}`;
  const read = async () => {
    const v = (await stack.request('GET', `/v1/declarations/${mrn}`, { token: officer })).body;
    const row = (await stack.pool.query('SELECT version, state FROM cases WHERE case_id = $1', [caseId]))
      .rows[0];
    const outbox = (
      await stack.pool.query('SELECT count(*)::int AS n FROM outbox WHERE case_id = $1', [caseId])
    ).rows[0].n;
    return {
      state: v.state,
      timeline: v.timeline.length,
      payment: v.payment,
      received: v.paymentsReceived,
      row,
      outbox,
    };
  };
  const [first] = await eventually(
    async () => [await read(), await read()],
    ([a, b]) => isDeepStrictEqual(a, b) && a.row?.version === a.timeline,
  );
  return first;
}

async function awaitingPayment() {
  const lodged = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: { ...example('declaration-import.json'), lrn: freshLrn('pay') },
  });
  expect(lodged.status).toBe(202);
  const mrn: string = lodged.body.mrn;
  const v = await viewWhen(mrn, (x) => x.state === 'AWAITING_PAYMENT');
  return { mrn, due: v.payment.due as string, currency: v.payment.currency as string };
}

test('only the treasury confirms a payment; a repeat counts once; a clash under its reference is a 409', async () => {
  const { mrn, due, currency } = await awaitingPayment();
  const cents = Math.round(Number(due) * 100);
  const part = (Math.floor(cents / 2) / 100).toFixed(2);
  const rest = ((cents - Math.floor(cents / 2)) / 100).toFixed(2);
  const payment = { method: 'PAYMENT', reference: `TRS-${mrn}`, amount: part, currency };
  const before = await footprint(mrn);

  const kgTreasury = stack.token({ role: 'treasury', countries: ['KG'] });
  const refused = {
    trader: await pay(mrn, clearance, payment),
    officer: await pay(mrn, officer, payment),
    otherCountry: await pay(mrn, kgTreasury, payment),
    treasuryGuarantee: await pay(mrn, treasury, {
      method: 'GUARANTEE',
      reference: 'G-T',
      grn: '26KZ00000000000017',
      accessCode: '7391',
    }),
  };
  expect(Object.fromEntries(Object.entries(refused).map(([k, r]) => [k, r.status]))).toEqual({
    trader: 403,
    officer: 403,
    otherCountry: 404,
    treasuryGuarantee: 403,
  });
  expect(refused.trader.body.message).toMatch(/confirmed by the treasury/);
  expect(await footprint(mrn)).toEqual(before);

  const first = await pay(mrn, treasury, payment);
  expect(first.status).toBe(202);
  expect(first.body).toMatchObject({ accepted: true, duplicate: false });
  await viewWhen(mrn, (v) => v.payment.paid === part, officer);
  const paidOnce = await footprint(mrn);
  expect(paidOnce.received).toEqual([expect.objectContaining({ reference: `TRS-${mrn}`, amount: part })]);

  // The bank's confirmation again (same amount written another way): answered as the first.
  const again = await pay(mrn, treasury, { ...payment, amount: String(Number(part)) });
  expect(again.status).toBe(202);
  expect(again.body).toMatchObject({ accepted: true, duplicate: true });
  const clashes = [
    await pay(mrn, treasury, { ...payment, amount: rest === part ? '1.00' : rest }),
    await pay(mrn, treasury, { ...payment, currency: currency === 'USD' ? 'EUR' : 'USD' }),
  ];
  expect(clashes.map((r) => r.status)).toEqual([409, 409]);
  expect(clashes[0].body.message).toBe(
    `payment reference TRS-${mrn} was already used for another payment: a new payment takes a new reference`,
  );
  expect(await footprint(mrn)).toEqual(paidOnce);

  expect((await pay(mrn, treasury, { ...payment, reference: `TRS2-${mrn}`, amount: rest })).status).toBe(202);
  const released = await viewWhen(mrn, (v) => v.state === 'RELEASED', officer);
  expect(released.payment).toMatchObject({ due, paid: due });
  // Payments are updates: the two that counted are in the history, the repeat and the clashes are not.
  const history = await stack.client.workflow.getHandle(`declaration/${mrn}`).fetchHistory();
  const updates = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
  expect(
    updates.map((e) => e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.name),
  ).toEqual(['recordPayment', 'recordPayment']);
  expect(released.payment.receipts.map((r: { reference: string }) => r.reference)).toEqual([
    `TRS-${mrn}`,
    `TRS2-${mrn}`,
  ]);
});

test("the declarant's clearance system still secures its duties with a guarantee", async () => {
  const grn = `26KZ${Date.now().toString(36).toUpperCase().padStart(14, '0').slice(-14)}`;
  const registered = await stack.request('POST', '/v1/guarantees', {
    token: clearance,
    body: { ...example('guarantee.json'), grn, currency: 'KZT', referenceAmount: '900000000.00' },
  });
  expect(registered.status).toBe(202);
  const { mrn, due } = await awaitingPayment();
  const offer = { method: 'GUARANTEE', reference: `G-${mrn}`, grn, accessCode: '7391' };
  expect((await pay(mrn, clearance, offer)).status).toBe(202);
  const released = await viewWhen(mrn, (v) => v.state === 'RELEASED');
  expect(released.payment.secured).toEqual({ grn, amount: due });
});
