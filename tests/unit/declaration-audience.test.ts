import { audienceOf, declarationViewFor } from '../../apps/api/declarations/audience';
import { ROLES } from '../../apps/api/auth/tokens';
import {
  applyIntelligenceHit,
  applyPaymentReceived,
  applyReroute,
  applyRerouteRequest,
  applyRiskDecision,
  withEvent,
  type RiskDecision,
} from '../../domain/declaration';
import { AT, aCase, frozen } from './support/declaration-case';

/** A case customs has reasoned about: risk hits, a random draw, an intelligence hit, a re-routing. */
function reasonedCase() {
  const decision: RiskDecision = {
    profileId: 'demo-kz',
    profileVersion: 3,
    seed: 'declaration/26KZ0000000000001',
    randomSelection: { draw: 0.0123456, selected: true },
    score: 77,
    channel: 'YELLOW',
    hits: [{ ruleId: 'under-valued-tyres', reason: 'unit price far under the reference price', weight: 40 }],
    explanation: [
      'under-valued-tyres: unit price far under the reference price',
      'score 77',
      'channel YELLOW',
    ],
  };
  let c = applyRiskDecision(aCase(), decision);
  c = {
    ...c,
    view: withEvent(
      c.view,
      {
        type: 'state',
        state: 'RISK_ASSESSED',
        actor: 'system',
        reason: 'channel YELLOW (score 77, randomly selected)',
        data: { channel: 'YELLOW' },
      },
      AT,
    ),
  };
  const hit = {
    alertId: 'ALERT-9',
    reason: 'driver linked to a smuggling ring',
    severity: 'HIGH',
    source: 'officer:o-1',
  };
  c = applyIntelligenceHit(c, hit as never, AT);
  const reroute = {
    channel: 'RED',
    reason: 'informant says tyres hide cigarettes',
    office: 'KZALA001',
    actor: 'o-1',
    role: 'officer',
  };
  c = applyReroute(applyRerouteRequest(c, reroute as never, AT), AT);
  c = applyPaymentReceived(
    c,
    { method: 'PAYMENT', reference: 'TRS-1', amount: '10.00', currency: 'KZT', actor: 'tr' },
    AT,
  );
  return frozen(c).view;
}

const SECRETS = [
  'under-valued-tyres',
  'unit price far under',
  'score 77',
  'randomly selected',
  '0.0123456',
  '"seed"',
  '"draw"',
  'ALERT-9',
  'smuggling ring',
  'informant',
  'engineChannel',
];

test('a clearance system reads the trader view; every other role reads the customs view', () => {
  expect(ROLES.filter((r) => audienceOf(r) === 'trader')).toEqual(['clearance-system']);
});

test('the trader view has no risk internals, channel reasons or intelligence; customs keep them all', () => {
  const view = reasonedCase();
  expect(view.risk?.score).toBe(77);
  expect(view.intelligenceHits).toHaveLength(1);

  expect(declarationViewFor('customs', view)).toBe(view);

  const trader = declarationViewFor('trader', view);
  for (const k of [
    'risk',
    'channelReasons',
    'intelligenceHits',
    'auditRequested',
    'escalations',
    'assignedTo',
  ])
    expect(trader).not.toHaveProperty(k);
  const text = JSON.stringify(trader);
  for (const s of SECRETS)
    expect({ leaked: s, found: text.includes(s) }).toEqual({ leaked: s, found: false });
  // What the trader must know stays: the channel, its own declaration, payments, the state changes.
  expect(trader).toMatchObject({
    mrn: view.mrn,
    channel: 'RED',
    declaration: view.declaration,
    paymentsReceived: [{ reference: 'TRS-1', amount: '10.00' }],
  });
  expect(trader.timeline.map((e) => e.type)).toEqual(['state', 'payment-received']);
  expect(trader.timeline[0]).toMatchObject({ state: 'RISK_ASSESSED', reason: 'channel YELLOW' });
  // The view it was shaped from is untouched (deep-frozen above).
  expect(view.timeline).toHaveLength(5);
  expect(view.timeline[0].reason).toBe('channel YELLOW (score 77, randomly selected)');
});
