import { AUDIT_MESSAGES } from '../../contracts/audit';
import type { AuditOutcome, AuditPayment, ChargeAuditGuarantee } from '../../contracts/audit';
import { dec, Dec, fmt, ZERO } from '../money';
import { enter, withEvent, withMessage, type AuditCase } from './case';

/**
 * Collection of what the final assessment (or the appeal's decision) made due: payments keyed by
 * reference, or a charge against the trader's guarantee; then the audit closes. A refund or nothing
 * due closes it at once.
 */

const scaleOf = (c: AuditCase): number => c.view.assessment?.scale ?? 2;

export function outstanding(c: AuditCase): Dec {
  const p = c.view.payment;
  return p ? Dec.max(dec(p.due).minus(dec(p.paid)), ZERO) : ZERO;
}

/** Enters CLOSED with its outcome and tells the trader. */
export function close(
  c: AuditCase,
  outcome: AuditOutcome,
  at: string,
  actor: string,
  reason: string,
): AuditCase {
  const view = { ...c.view, outcome, closedAt: at };
  const next = enter({ ...c, view }, 'CLOSED', at, { actor, reason, data: { outcome } });
  const a = c.view.assessment;
  return withMessage(next, 'trader', AUDIT_MESSAGES.closed, {
    outcome,
    ...(c.view.payment ? { due: c.view.payment.due, paid: c.view.payment.paid } : {}),
    ...(a ? { currency: a.currency } : {}),
  });
}

/** After the appeal window or the appeal: collect what is due, or close (refund, nothing due). */
export function afterAssessment(c: AuditCase, at: string): AuditCase {
  const due = dec(c.view.payment?.due ?? '0');
  if (due.isNegative())
    return close(
      c,
      'REFUND',
      at,
      'system',
      `${fmt(due.negated(), scaleOf(c))} ${c.view.currency} to be refunded`,
    );
  if (due.isZero()) return close(c, 'NOTHING_DUE', at, 'system', 'nothing is due');
  return enter(
    c,
    'AWAITING_PAYMENT',
    at,
    { actor: 'system', reason: `${fmt(due, scaleOf(c))} ${c.view.currency} due` },
    { pending: { action: 'pay the amount due', by: 'declarant' } },
  );
}

const receiptOf = (c: AuditCase, reference: string) =>
  c.view.payment?.receipts.find((r) => r.reference === reference);

export function paymentRefusal(c: AuditCase, p: AuditPayment): string | undefined {
  const known = receiptOf(c, p.reference);
  if (known)
    return dec(known.amount).equals(dec(p.amount))
      ? undefined // the same payment again: accepted, counted once
      : `payment ${p.reference} was already received for ${known.amount}`;
  if (c.view.state !== 'AWAITING_PAYMENT') return `no payment is due; the audit is ${c.view.state}`;
  if (c.charge) return `a charge against guarantee ${c.charge.grn} is under way`;
  if (p.currency !== c.view.currency) return `the audit debt is in ${c.view.currency}, not ${p.currency}`;
  const amount = dec(p.amount);
  if (!amount.isPositive() || amount.isZero()) return 'a payment needs a positive amount';
  const rest = outstanding(c);
  if (amount.greaterThan(rest))
    return `payment of ${p.amount} exceeds the outstanding ${fmt(rest, scaleOf(c))} ${c.view.currency}`;
  return undefined;
}

/** Counts a payment once by its reference; the audit closes when nothing is outstanding. */
export function applyPayment(c: AuditCase, p: AuditPayment, at: string): AuditCase {
  if (receiptOf(c, p.reference)) return c;
  const pay = c.view.payment!;
  const paid = fmt(dec(pay.paid).plus(dec(p.amount)), scaleOf(c));
  const receipts = [
    ...pay.receipts,
    { reference: p.reference, method: 'PAYMENT' as const, amount: p.amount, at },
  ];
  const view = { ...c.view, payment: { ...pay, paid, receipts } };
  const e = {
    type: 'payment',
    state: c.view.state,
    actor: p.actor,
    reason: `${p.amount} ${p.currency} (${p.reference})`,
  };
  const next = withEvent({ ...c, view }, e, at);
  return outstanding(next).isZero() ? close(next, 'PAID', at, p.actor, 'the amount due is paid') : next;
}

export function chargeRefusal(c: AuditCase, _cmd: ChargeAuditGuarantee): string | undefined {
  if (c.view.state !== 'AWAITING_PAYMENT') return `no payment is due; the audit is ${c.view.state}`;
  if (c.charge) return `a charge against guarantee ${c.charge.grn} is under way`;
  return undefined;
}

/** The process reserves and charges the outstanding amount on the guarantee (the access code stays out of the view). */
export function applyChargeRequest(c: AuditCase, cmd: ChargeAuditGuarantee, at: string): AuditCase {
  const e = {
    type: 'guarantee-charge-requested',
    state: c.view.state,
    actor: cmd.actor,
    reason: cmd.reason,
    data: { grn: cmd.grn },
  };
  return withEvent({ ...c, charge: { ...cmd } }, e, at);
}

export type ChargeResult = { ok: true; charged: string } | { ok: false; reason: string };

/** What the guarantee answered: charged (the audit closes when that covers it) or refused. */
export function applyChargeResult(c: AuditCase, r: ChargeResult, at: string): AuditCase {
  const { charge, ...rest } = c;
  const pay = c.view.payment!;
  if (!r.ok) {
    const view = { ...c.view, payment: { ...pay, guaranteeRefusal: r.reason } };
    const e = {
      type: 'guarantee-charge-refused',
      state: c.view.state,
      actor: 'system',
      reason: r.reason,
      data: { grn: charge!.grn },
    };
    return withEvent({ ...rest, view }, e, at);
  }
  const paid = fmt(dec(pay.paid).plus(dec(r.charged)), scaleOf(c));
  const receipt = {
    reference: `guarantee:${charge!.grn}`,
    method: 'GUARANTEE' as const,
    amount: r.charged,
    at,
    grn: charge!.grn,
  };
  const { guaranteeRefusal: _g, ...payment } = pay;
  const view = { ...c.view, payment: { ...payment, paid, receipts: [...pay.receipts, receipt] } };
  const e = {
    type: 'guarantee-charged',
    state: c.view.state,
    actor: charge!.actor,
    reason: `${r.charged} ${c.view.currency} charged to guarantee ${charge!.grn}`,
  };
  const next = withEvent({ ...rest, view }, e, at);
  return outstanding(next).isZero()
    ? close(next, 'CHARGED_TO_GUARANTEE', at, charge!.actor, `charged to guarantee ${charge!.grn}`)
    : next;
}
