import type {
  AmendRequest,
  ControlDecision,
  IntelligenceHit,
  Invalidation,
  Payment,
  Presentation,
  QueryAnswer,
  ReceivedPayment,
  Reroute,
} from '../../contracts/declaration';
import { mergeChanges } from './amendment';
import { isFinal, withEvent, type DeclarationCase } from './case';

/*
 * What each update and signal does to the case, as pure functions of (case, command, time) that
 * return the next case and leave the one they were given untouched: unchanged parts are shared,
 * changed ones copied (so a test compares before and after, and the workflow replaces its value in
 * one place). Each assumes its refusal (refusals.ts) returned undefined; signals have no refusal, so
 * their functions handle every state. The process reacts to what they set (the restart reason, the
 * control result, the pending re-routing...) at its next step.
 */

export function applyControlResult(c: DeclarationCase, cmd: ControlDecision, at: string): DeclarationCase {
  const reason =
    cmd.remarks ??
    `${cmd.controlType} control: ${cmd.outcome}${cmd.refuseRelease ? ', release refused' : ''}`;
  const data = {
    outcome: cmd.outcome,
    findings: cmd.findings,
    refuseRelease: cmd.refuseRelease,
    corrected: cmd.corrections !== undefined,
  };
  return {
    ...c,
    control: cmd,
    view: withEvent(c.view, { type: 'control-result', actor: cmd.officerId, reason, data }, at),
  };
}

export function applyRerouteRequest(c: DeclarationCase, cmd: Reroute, at: string): DeclarationCase {
  const data = { from: c.view.channel, to: cmd.channel, role: cmd.role };
  return {
    ...c,
    pendingReroute: cmd,
    view: withEvent(c.view, { type: 'reroute-requested', actor: cmd.actor, reason: cmd.reason, data }, at),
  };
}

export function applyPresentation(c: DeclarationCase, cmd: Presentation, at: string): DeclarationCase {
  const reason = cmd.remarks ?? `goods presented at ${cmd.office}`;
  return {
    ...c,
    presented: true,
    view: withEvent(c.view, { type: 'goods-presented', actor: cmd.actor, reason }, at),
  };
}

/** The amended declaration goes through reference validation and risk again. */
export function applyAmendment(c: DeclarationCase, req: AmendRequest, at: string): DeclarationCase {
  const view = {
    ...c.view,
    declaration: mergeChanges(c.view.declaration, req.amendment.changes),
    amendments: c.view.amendments + 1,
  };
  const data = { sections: Object.keys(req.amendment.changes) };
  return {
    ...c,
    needRisk: true,
    restart: 'amendment',
    view: withEvent(view, { type: 'amended', actor: req.actor, reason: req.amendment.reason, data }, at),
  };
}

export function applyInvalidation(c: DeclarationCase, cmd: Invalidation, at: string): DeclarationCase {
  return {
    ...c,
    invalidation: cmd,
    view: withEvent(
      c.view,
      { type: 'invalidation-requested', actor: cmd.actor, reason: cmd.reason, data: { by: cmd.by } },
      at,
    ),
  };
}

export function applyQueryAnswer(c: DeclarationCase, cmd: QueryAnswer, at: string): DeclarationCase {
  const view = c.view.query
    ? { ...c.view, query: { ...c.view.query, answer: cmd.answer, answeredAt: at } }
    : c.view;
  return {
    ...c,
    answer: cmd,
    view: withEvent(
      view,
      { type: 'query-answered', actor: cmd.actor, reason: 'declarant answered the query' },
      at,
    ),
  };
}

/** Recorded now, applied by the process when it waits for payment (a guarantee needs a reservation). */
export function applyPaymentReceived(c: DeclarationCase, p: Payment, at: string): DeclarationCase {
  const what = p.method === 'GUARANTEE' ? `guarantee ${p.grn}` : `${p.amount} ${p.currency}`;
  const received: ReceivedPayment = {
    reference: p.reference,
    method: p.method,
    ...(p.amount !== undefined ? { amount: p.amount } : {}),
    ...(p.currency !== undefined ? { currency: p.currency } : {}),
    ...(p.grn !== undefined ? { grn: p.grn } : {}),
    at,
  };
  return {
    ...c,
    payments: [...c.payments, p],
    view: withEvent(
      { ...c.view, paymentsReceived: [...c.view.paymentsReceived, received] },
      { type: 'payment-received', actor: p.actor, reason: `${what} (${p.reference})` },
      at,
    ),
  };
}

/**
 * Before release an intelligence hit forces RED (a physical examination already pending covers it;
 * anywhere else the case goes back to risk); after release it is kept for the post-entry audit.
 */
export function applyIntelligenceHit(c: DeclarationCase, hit: IntelligenceHit, at: string): DeclarationCase {
  const after = c.view.state === 'RELEASED';
  const hits = [...c.view.intelligenceHits, { ...hit, at, afterRelease: after }];
  const event = (why: string) => ({
    type: 'intelligence-hit',
    actor: hit.source,
    reason: `${hit.reason} (${why})`,
    data: { alertId: hit.alertId },
  });
  if (after)
    return {
      ...c,
      afterRelease: [...c.afterRelease, hit],
      view: withEvent(
        { ...c.view, intelligenceHits: hits, auditRequested: true },
        event('after release: recorded for post-entry audit'),
        at,
      ),
    };
  if (isFinal(c))
    return {
      ...c,
      view: withEvent({ ...c.view, intelligenceHits: hits }, event(`case already ${c.view.state}`), at),
    };
  const examining = c.view.state === 'UNDER_CONTROL' && c.view.channel === 'RED' && !c.control;
  return {
    ...c,
    forcedRed: `intelligence hit ${hit.alertId}: ${hit.reason}`,
    restart: examining ? c.restart : (c.restart ?? 'intelligence'),
    view: withEvent({ ...c.view, intelligenceHits: hits }, event('forces RED'), at),
  };
}
