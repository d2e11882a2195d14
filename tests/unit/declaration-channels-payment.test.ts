import {
  applyDutiesAssessed,
  applyGuaranteeRefused,
  applyPayment,
  applyPaymentOnce,
  applyPaymentReceived,
  paymentRefusal,
  paymentRepeat,
  applyRiskDecision,
  applySecured,
  controlTypeFor,
  isCovered,
  paymentAction,
  queryQuestion,
  releaseReason,
  settleChannel,
  type AssessedDuties,
  type RiskDecision,
} from '../../domain/declaration';
import { AT, aCase, frozen } from './support/declaration-case';

const last = (c: { view: { timeline: { type: string; reason?: string }[] } }) => c.view.timeline.at(-1)!;

describe('channel rules', () => {
  const decision: RiskDecision = {
    profileId: 'p',
    profileVersion: 2,
    seed: 's',
    randomSelection: { draw: 0.5, selected: false },
    score: 12,
    channel: 'GREEN',
    hits: [{ ruleId: 'r-1', reason: 'why', weight: 12 } as never],
    explanation: ['a', 'score 12', 'GREEN'],
  };

  test('a risk decision replaces the risk view and the channel reasons', () => {
    const next = applyRiskDecision(frozen(aCase({ riskRound: 1 })), decision);
    expect(next).toMatchObject({
      riskRound: 2,
      needRisk: false,
      view: { risk: { round: 2, score: 12, engineChannel: 'GREEN' } },
    });
    expect(next.view.channelReasons).toEqual(['risk profile p v2: score 12 -> GREEN', 'r-1: why']);
  });

  test('an intelligence hit forces RED; an amendment never lowers a channel selected for control', () => {
    expect(settleChannel(aCase({ forcedRed: 'hit' }), 'GREEN', 'GREEN', true)).toEqual({
      channel: 'RED',
      reasons: ['hit'],
    });
    expect(settleChannel(aCase(), 'GREEN', 'YELLOW', true)).toEqual({
      channel: 'YELLOW',
      reasons: ['stays YELLOW: a case selected for control is not lowered by an amendment'],
    });
    expect(settleChannel(aCase(), 'GREEN', 'YELLOW', false).channel).toBe('GREEN');
    expect(settleChannel(aCase(), undefined, 'YELLOW', false).channel).toBe('YELLOW');
  });

  test('the query asks what the QUERY rules say; RED is a physical examination', () => {
    const view = aCase(
      {},
      {
        channelReasons: ['engine'],
        risk: { hits: [{ ruleId: 'q', reason: 'certificate?', forcedChannel: 'QUERY' }] } as never,
      },
    ).view;
    expect(queryQuestion(view)).toBe('certificate?');
    expect(queryQuestion(aCase({}, { channelReasons: ['engine'] }).view)).toBe('engine');
    expect(controlTypeFor('RED')).toBe('PHYSICAL');
    expect(controlTypeFor('YELLOW')).toBe('DOCUMENTARY');
  });
});

describe('duties and payment', () => {
  const assessed: AssessedDuties = {
    value: {
      currency: 'USD',
      totals: { total: '100.00', duty: '50.00', excise: '0.00', vat: '50.00' } as never,
      items: [],
    },
    steps: [],
  };
  const due = () => frozen(applyDutiesAssessed(aCase(), assessed, AT));

  test('an assessment sets what is due; what was paid before an amendment still counts', () => {
    expect(due().view.payment).toEqual({ due: '100.00', currency: 'USD', paid: '0.00', receipts: [] });
    const paidBefore = aCase({}, { payment: { due: '80.00', currency: 'USD', paid: '80.00', receipts: [] } });
    const next = applyDutiesAssessed(frozen(paidBefore), assessed, AT);
    expect(paymentAction(next)).toBe('pay or secure 20.00 USD');
  });

  test('a payment in another currency is refused; in the currency due it counts', () => {
    const p = { method: 'PAYMENT' as const, reference: 'P-1', amount: '100.00', actor: 'bank' };
    const refused = applyPayment(due(), { ...p, currency: 'EUR' }, AT);
    expect(last(refused)).toMatchObject({ type: 'payment-refused' });
    expect(isCovered(refused)).toBe(false);
    const paid = applyPayment(due(), { ...p, currency: 'USD' }, AT);
    expect(isCovered(paid)).toBe(true);
    expect(releaseReason(paid)).toBe('duties paid');
  });

  test('a guarantee secures what was outstanding, or its refusal is recorded', () => {
    const g = { method: 'GUARANTEE' as const, reference: 'G-1', grn: 'OK-1', accessCode: '1', actor: 'cs' };
    const secured = applySecured(due(), g, '100.00', AT);
    expect(secured.view.payment!.secured).toEqual({ grn: 'OK-1', amount: '100.00' });
    expect(releaseReason(secured)).toBe('duties paid or secured by guarantee');
    expect(last(applyGuaranteeRefused(due(), g, 'expired', AT)).reason).toBe(
      'guarantee OK-1 refused: expired',
    );
  });
});

describe('payments keyed by their reference', () => {
  const pay = {
    method: 'PAYMENT' as const,
    reference: 'TRS-1',
    amount: '40.00',
    currency: 'USD',
    actor: 'tr',
  };
  const received = () => frozen(applyPaymentReceived(aCase(), pay, AT));

  test('a received payment is kept by reference, without its actor or an access code', () => {
    const g = {
      method: 'GUARANTEE' as const,
      reference: 'G-1',
      grn: 'OK-1',
      accessCode: 'SECRET',
      actor: 'cs',
    };
    const next = applyPaymentReceived(received(), g, AT);
    expect(next.view.paymentsReceived).toEqual([
      { reference: 'TRS-1', method: 'PAYMENT', amount: '40.00', currency: 'USD', at: AT },
      { reference: 'G-1', method: 'GUARANTEE', grn: 'OK-1', at: AT },
    ]);
    expect(JSON.stringify(next.view)).not.toContain('SECRET');
  });

  test('the same payment again is a repeat (the amount compared as a decimal); another one under its reference a conflict', () => {
    const got = received().view.paymentsReceived;
    expect(paymentRepeat(got, { ...pay, reference: 'TRS-2' })).toBe('new');
    expect(paymentRepeat(got, { ...pay, amount: '40', actor: 'another clerk' })).toBe('same');
    expect(paymentRepeat(got, { ...pay, amount: '40.01' })).toBe('conflict');
    expect(paymentRepeat(got, { ...pay, currency: 'EUR' })).toBe('conflict');
    expect(paymentRepeat(got, { ...pay, method: 'GUARANTEE', grn: 'OK-1', accessCode: '1' })).toBe(
      'conflict',
    );
  });

  test('the refusal names the reference for a conflict only', () => {
    expect(paymentRefusal(received().view, pay)).toBeUndefined();
    expect(paymentRefusal(received().view, { ...pay, reference: 'TRS-2' })).toBeUndefined();
    expect(paymentRefusal(received().view, { ...pay, amount: '4.00' })).toBe(
      'payment reference TRS-1 was already used for another payment: a new payment takes a new reference',
    );
  });

  test('applied once: a repeat changes nothing, a conflict is recorded as refused and counts nothing', () => {
    const before = received();
    expect(applyPaymentOnce(before, { ...pay, actor: 'again' }, AT)).toBe(before);
    const conflict = applyPaymentOnce(before, { ...pay, amount: '400.00' }, AT);
    expect(conflict.payments).toEqual(before.payments);
    expect(conflict.view.paymentsReceived).toEqual(before.view.paymentsReceived);
    expect(last(conflict)).toMatchObject({
      type: 'payment-refused',
      reason: expect.stringContaining('TRS-1'),
    });
    const fresh = applyPaymentOnce(before, { ...pay, reference: 'TRS-2' }, AT);
    expect(fresh.payments.map((p) => p.reference)).toEqual(['TRS-1', 'TRS-2']);
  });
});
