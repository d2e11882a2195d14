import { condition } from '@temporalio/workflow';
import type { ReserveRequest } from '../../domain/guarantee';
import { invalidated } from '../../domain/transit/invalidation';
import { isoIn } from '../shell/case';
import { acts } from './proxies';
import { send } from './exchange';
import { enter, publish, step, type Run } from './run';

/** Where no amount can be determined: the Common Transit Convention default guarantee. */
const CTC_DEFAULT = { currency: 'EUR', amount: '10000.00' };

/**
 * Reserves the amount to be covered on the guarantee workflow (an activity sends its `reserve`
 * update); on refusal waits for an amendment until the deadline and reserves again. False: not
 * released (IE051), or invalidated meanwhile (IE014: the caller closes it).
 */
export async function secureGuarantee(run: Run): Promise<boolean> {
  const { s, shell, input } = run;
  const view = s.view;
  for (;;) {
    if (invalidated(s)) return false;
    const ref = s.guaranteeRef;
    if (ref.type === '0') {
      view.guarantee.status = 'NONE';
      shell.record({
        type: 'guarantee',
        actor: 'system',
        reason: 'guarantee waiver (type 0): nothing to reserve',
      });
      return true;
    }
    const amount = ref.amountToBeCovered ?? CTC_DEFAULT;
    view.guarantee.amount = amount.amount;
    view.guarantee.currency = amount.currency;
    const request: ReserveRequest = {
      mrn: input.mrn,
      amount: amount.amount,
      currency: amount.currency,
      accessCode: ref.accessCode ?? '',
      countries: s.declaration.countriesOfRouting,
      offices: view.itinerary.map((x) => x.office),
    };
    const res = await step(run, 'guarantee reservation', () =>
      acts.reserveOnGuarantee(ref.grn ?? '', request),
    );
    if (res.ok) {
      view.guarantee.status = 'RESERVED';
      view.guarantee.reservedAt = res.reservation.reservedAt;
      view.guarantee.refusal = undefined;
      shell.record({
        type: 'guarantee-reserved',
        actor: 'system',
        reason: `${amount.amount} ${amount.currency} reserved on guarantee ${ref.grn}`,
        data: { grn: ref.grn, amount: amount.amount },
      });
      view.deadlines.amendment = undefined;
      return true;
    }
    if (invalidated(s)) return false;
    view.guarantee.status = 'REFUSED';
    view.guarantee.refusal = res.reason;
    view.deadlines.amendment = isoIn(input.settings.amendmentDeadlineMs);
    enter(run, 'GUARANTEE_REFUSED', 'system', `IE055 guarantee not valid: ${res.reason}`);
    view.pending = {
      action: 'amend the guarantee reference',
      by: 'holder',
      deadline: view.deadlines.amendment,
    };
    await send(run, 'holder', 'IE055', { reason: res.reason, amendBy: view.deadlines.amendment });
    await publish(run);
    s.amended = false;
    const got = await condition(() => s.amended || invalidated(s), input.settings.amendmentDeadlineMs);
    view.pending = undefined;
    if (invalidated(s)) return false;
    if (!got) {
      view.deadlines.amendment = undefined;
      enter(
        run,
        'NOT_RELEASED',
        'system',
        'IE051 no release: the guarantee was not amended before the deadline',
      );
      await send(run, 'holder', 'IE051', { reason: 'guarantee not valid and not amended in time' });
      return false;
    }
    enter(run, 'ACCEPTED', 'system', 'amended guarantee reference: reserving again');
  }
}

/** Closes the movement's reservation (write-off, no release, enquiry closed on proof). */
export async function releaseReservation(run: Run): Promise<void> {
  const { s, shell } = run;
  const grn = s.guaranteeRef.grn;
  if (s.view.guarantee.status !== 'RESERVED' || !grn) return;
  await step(run, 'guarantee release', () => acts.releaseOnGuarantee(grn, run.input.mrn));
  s.view.guarantee.status = 'RELEASED';
  shell.record({
    type: 'guarantee-released',
    actor: 'system',
    reason: `reservation on guarantee ${grn} released`,
  });
}
