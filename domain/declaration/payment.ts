import type { Payment } from '../../contracts/declaration';
import type { Assessment } from '../duties';
import type { Step } from '../explain';
import { Dec } from '../money';
import { withEvent, type DeclarationCase } from './case';

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
