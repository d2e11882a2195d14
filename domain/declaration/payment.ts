import type { DeclarationView, Payment, ReceivedPayment } from '../../contracts/declaration';
import type { Assessment } from '../duties';
import type { Step } from '../explain';
import { Dec } from '../money';
import { withEvent, type DeclarationCase } from './case';
import { applyPaymentReceived } from './commands';

/*
 * Duties and their payment: the assessment sets what is due (payments and securities made before an
 * amendment still count), a payment or a guarantee reservation covers it. Pure, like commands.ts;
 * the reservation itself is the process's activity, whose answer comes in here.
 */

export interface AssessedDuties {
  value: Pick<Assessment, 'currency' | 'totals' | 'items'>;
  steps: Step[];
}

export function applyDutiesAssessed(
  c: DeclarationCase,
  assessed: AssessedDuties,
  at: string,
): DeclarationCase {
  const a = assessed.value;
  const prior = c.view.payment;
  return {
    ...c,
    view: {
      ...c.view,
      duties: {
        currency: a.currency,
        totals: a.totals,
        items: a.items,
        explanation: assessed.steps,
        assessedAt: at,
      },
      payment: {
        due: a.totals.total,
        currency: a.currency,
        paid: prior?.paid ?? '0.00',
        receipts: prior?.receipts ?? [],
        ...(prior?.secured ? { secured: prior.secured } : {}),
      },
    },
  };
}

/** Why the case reached DUTIES_ASSESSED, as the timeline and the clearance system read it. */
export function dutiesReason(c: DeclarationCase): string {
  const { totals: t, currency } = c.view.duties!;
  return `duties and taxes ${t.total} ${currency} (duty ${t.duty}, excise ${t.excise}, VAT ${t.vat})`;
}

/** What is still to pay or secure (zero or less when covered). */
export function outstanding(c: DeclarationCase): Dec {
  const p = c.view.payment!;
  return new Dec(p.due).minus(new Dec(p.paid).plus(p.secured?.amount ?? '0'));
}

export const isCovered = (c: DeclarationCase): boolean => !outstanding(c).greaterThan(0);

export const paymentAction = (c: DeclarationCase): string =>
  `pay or secure ${outstanding(c).toFixed(2)} ${c.view.payment!.currency}`;

/** Why the case was released once covered. */
export function releaseReason(c: DeclarationCase): string {
  const p = c.view.payment!;
  if (new Dec(p.due).isZero()) return 'nothing to pay';
  return p.secured ? 'duties paid or secured by guarantee' : 'duties paid';
}

/** A confirmed payment (method PAYMENT) counts if it is in the currency due. */
export function applyPayment(c: DeclarationCase, p: Payment, at: string): DeclarationCase {
  const pay = c.view.payment!;
  if (p.currency !== pay.currency) {
    const reason = `payment ${p.reference} in ${p.currency}, duties are due in ${pay.currency}`;
    return { ...c, view: withEvent(c.view, { type: 'payment-refused', actor: 'system', reason }, at) };
  }
  const paid = new Dec(pay.paid).plus(p.amount!).toFixed(2);
  const payment = {
    ...pay,
    paid,
    receipts: [
      ...pay.receipts,
      { reference: p.reference, amount: p.amount!, method: 'PAYMENT' as const, at },
    ],
  };
  const reason = `${p.amount} ${pay.currency} paid (${p.reference}); ${paid} of ${pay.due} covered`;
  return {
    ...c,
    view: withEvent({ ...c.view, payment }, { type: 'payment-confirmed', actor: p.actor, reason }, at),
  };
}

/** The guarantee accepted to secure `amount` (what was outstanding when the reservation was asked). */
export function applySecured(c: DeclarationCase, p: Payment, amount: string, at: string): DeclarationCase {
  const pay = c.view.payment!;
  const payment = {
    ...pay,
    secured: { grn: p.grn!, amount: new Dec(pay.secured?.amount ?? '0').plus(amount).toFixed(2) },
    receipts: [...pay.receipts, { reference: p.reference, amount, method: 'GUARANTEE' as const, at }],
  };
  const reason = `${amount} ${pay.currency} secured on guarantee ${p.grn}`;
  return {
    ...c,
    view: withEvent({ ...c.view, payment }, { type: 'duties-secured', actor: p.actor, reason }, at),
  };
}

export function applyGuaranteeRefused(
  c: DeclarationCase,
  p: Payment,
  why: string,
  at: string,
): DeclarationCase {
  const reason = `guarantee ${p.grn} refused: ${why}`;
  return { ...c, view: withEvent(c.view, { type: 'guarantee-refused', actor: 'system', reason }, at) };
}

/**
 * How a payment stands to those received: its reference is its key. `same`: the same payment again
 * (method, amount, currency, guarantee), answered as the first and counted once; `conflict`: another
 * payment under a reference already used. The actor and the access code are not compared.
 */
export function paymentRepeat(received: readonly ReceivedPayment[], p: Payment): 'new' | 'same' | 'conflict' {
  const first = received.find((r) => r.reference === p.reference);
  if (!first) return 'new';
  const sameAmount =
    first.amount === undefined || p.amount === undefined
      ? first.amount === p.amount
      : new Dec(first.amount).equals(p.amount);
  const same =
    first.method === p.method && sameAmount && first.currency === p.currency && first.grn === p.grn;
  return same ? 'same' : 'conflict';
}

/**
 * The `recordPayment` update's refusal (the API answers 409). Payments sent by the older signal
 * cannot be refused: `applyPaymentOnce` records them as refused instead.
 */
export function paymentRefusal(
  view: Pick<DeclarationView, 'paymentsReceived'>,
  p: Payment,
): string | undefined {
  if (paymentRepeat(view.paymentsReceived, p) !== 'conflict') return undefined;
  return `payment reference ${p.reference} was already used for another payment: a new payment takes a new reference`;
}

/**
 * A payment keyed by its reference (runs since `patched('declaration-payment-reference-once')`): the
 * same payment again changes nothing; another payment under a used reference is recorded as refused
 * and counts nothing. Older runs take every payment (`applyPaymentReceived`).
 */
export function applyPaymentOnce(c: DeclarationCase, p: Payment, at: string): DeclarationCase {
  const repeat = paymentRepeat(c.view.paymentsReceived, p);
  if (repeat === 'new') return applyPaymentReceived(c, p, at);
  if (repeat === 'same') return c;
  const reason = paymentRefusal(c.view, p)!;
  return { ...c, view: withEvent(c.view, { type: 'payment-refused', actor: p.actor, reason }, at) };
}
