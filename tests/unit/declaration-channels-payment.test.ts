import {
  applyDutiesAssessed,
  applyGuaranteeRefused,
  applyPayment,
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
