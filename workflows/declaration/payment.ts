import type { Payment } from '../../contracts';
import {
  applyGuaranteeRefused,
  applyPayment,
  applySecured,
  isCovered,
  outstanding,
  paymentAction,
  releaseReason,
} from '../../domain/declaration';
import { nowIso } from '../shell/case';
import { acts } from './proxies';
import { commit, end, endInvalidated, enter, publish, type Outcome, type Run } from './run';
import { waitIn } from './wait';

/** From assessed duties to release: waits until payments and guarantees cover what is due. */
export async function awaitPayment(r: Run): Promise<Outcome> {
  const c = r.c;
  if (!isCovered(c)) {
    const currency = c.view.payment!.currency;
    enter(r, 'AWAITING_PAYMENT', `${outstanding(c).toFixed(2)} ${currency} to pay or secure`, {
      action: paymentAction(c),
      by: 'declarant',
    });
    await publish(r, 'payment-required');
    for (;;) {
      await waitIn(r, () => c.payments.length > c.paymentsSeen || !!c.restart || !!c.invalidation);
      if (c.invalidation) return endInvalidated(r);
      if (c.restart) return 'restart';
      while (c.paymentsSeen < c.payments.length) await take(r, c.payments[c.paymentsSeen++]);
      if (isCovered(c)) break;
      if (c.view.pending) c.view.pending.action = paymentAction(c);
      await publish(r);
    }
  }
  if (c.restart) return 'restart';
  return end(r, 'RELEASED', 'system', releaseReason(c));
}

/** A payment counts at once; a guarantee is asked to reserve what is outstanding. */
async function take(r: Run, p: Payment): Promise<void> {
  const c = r.c;
  if (p.method === 'PAYMENT') return commit(r, applyPayment(c, p, nowIso()));
  const amount = outstanding(c).toFixed(2);
  const res = await acts.reserveOnGuarantee(p.grn!, {
    mrn: c.view.mrn,
    amount,
    currency: c.view.payment!.currency,
    accessCode: p.accessCode!,
    countries: [c.view.country],
    offices: [c.view.office],
  });
  commit(
    r,
    res.ok ? applySecured(c, p, amount, nowIso()) : applyGuaranteeRefused(c, p, res.reason, nowIso()),
  );
}
