import { nowIso } from '../shell/case';
import { acts, debtActs } from './proxies';
import { send } from './exchange';
import { enter, step, type Run } from './run';

type Basis = 'NON_ARRIVAL' | 'UNRESOLVED_DISCREPANCIES';

/**
 * RECOVERY (IE035): the debt computed for the country of destination on this day, charged to the
 * guarantee if the reservation is still open, else left uncovered; then WRITTEN_OFF.
 */
export async function recover(run: Run, basis: Basis, itemSeqs: number[]): Promise<void> {
  const { s, shell } = run;
  const view = s.view;
  const t = s.declaration;
  const country = t.officeOfDestination.slice(0, 2);
  const date = nowIso().slice(0, 10);
  const currency = view.guarantee.currency ?? t.guarantee.amountToBeCovered?.currency ?? 'EUR';
  enter(
    run,
    'RECOVERY',
    'system',
    basis === 'NON_ARRIVAL'
      ? 'no answer with proof to the enquiry: recovery of the debt'
      : 'unresolved discrepancies: recovery of the debt on the goods concerned',
  );
  let debt: { total: string; nationalCurrency: string; amount: string; itemSeqs: number[] };
  try {
    debt = await debtActs.computeRecoveryDebt({
      declaration: t,
      country,
      date,
      guaranteeCurrency: currency,
      itemSeqs,
    });
  } catch (err) {
    // No tariff line or rate for the goods: the guarantee answers for the full amount it secures.
    const amount = view.guarantee.amount ?? '0.00';
    shell.record({
      type: 'recovery-fallback',
      actor: 'system',
      reason: `debt could not be computed (${(err as Error).message}): the amount secured is charged`,
    });
    debt = { total: amount, nationalCurrency: currency, amount, itemSeqs };
  }
  const recovery = {
    basis,
    country,
    date,
    nationalCurrency: debt.nationalCurrency,
    total: debt.total,
    amount: debt.amount,
    currency,
    itemSeqs: debt.itemSeqs,
  };
  view.recovery = recovery;
  shell.record({
    type: 'debt-computed',
    actor: 'system',
    reason: `IE035 recovery: debt ${debt.total} ${debt.nationalCurrency} in ${country} = ${debt.amount} ${currency}`,
    data: { ...recovery },
  });
  const grn = s.guaranteeRef.grn;
  if (view.guarantee.status === 'RESERVED' && grn) {
    const closed = await step(run, 'guarantee charge', () =>
      acts.chargeOnGuarantee(grn, run.input.mrn, debt.amount),
    );
    view.guarantee.status = 'CHARGED';
    view.guarantee.charged = closed.charged;
    view.guarantee.uncovered = closed.uncovered;
    view.recovery.charged = closed.charged;
    view.recovery.uncovered = closed.uncovered;
    const rest = closed.uncovered && closed.uncovered !== '0.00' ? `; ${closed.uncovered} not covered` : '';
    shell.record({
      type: 'guarantee-charged',
      actor: 'system',
      reason: `${closed.charged} ${currency} charged to guarantee ${grn}${rest}`,
    });
  } else {
    view.recovery.uncovered = debt.amount;
  }
  await send(run, 'holder', 'IE035', { recovery: view.recovery });
  view.closure = 'RECOVERY';
  enter(run, 'WRITTEN_OFF', 'system', 'written off after recovery');
}
