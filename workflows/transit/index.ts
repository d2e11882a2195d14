import { patched } from '@temporalio/workflow';
import type { TransitInput, TransitView } from '../../contracts';
import { send } from './exchange';
import { departureControl, releaseForTransit } from './departure';
import { awaitArrival, unloadAndWriteOff } from './destination';
import { secureGuarantee } from './guarantee';
import { installAlertControls, lodgementAlerts, raiseSealsAlerts, TRANSIT_ALERTS_PATCH } from './alerts';
import { installHandlers } from './handlers';
import { closeInvalidated } from './invalidation';
import { awaitPresentation } from './presentation';
import { invalidated } from '../../domain/transit/invalidation';
import { prelodged } from '../../domain/transit/presentation';
import { enter, newRun, publish, type Run } from './run';
import { watchMovementSla } from './sla';

/**
 * History-altering changes, each behind `patched()` so that movements started before it replay as
 * they ran (tests/replay holds histories from before and after):
 * - RECEIVING_OFFICE: messages for the office of destination also go to its own process
 *   (`arrival/<MRN>`, workflows/arrival) through the exchange inbox; the write-off is sent there too.
 * - TRANSIT_SLA: waiting states run an SLA; a breach marks the movement stuck, a second escalates.
 * - STUCK_ON_FAILED_WRITE: an activity that fails for good (a data error) marks the movement stuck
 *   with the reason and waits for a supervisor's `retry` (workflows/shell/failed-step.ts).
 * - INVALIDATION: the holder may invalidate the declaration before release (IE014); the reservation
 *   is freed and IE009 sent. Older movements refuse the request.
 * - NCTS_WEBHOOK: after each step that produced NCTS messages, they are queued for the owning clearance
 *   system's webhook (activities/transit/ncts-messages.ts).
 * - PRESENTATION: a pre-lodged declaration (D, E) waits for its goods (IE170) before the MRN is
 *   allocated and the guarantee, control and release follow; older ones went on at once.
 */
export const TRANSIT_PATCHES = {
  RECEIVING_OFFICE: 'transit-receiving-office',
  TRANSIT_SLA: 'transit-sla',
  STUCK_ON_FAILED_WRITE: 'transit-stuck-on-failed-write',
  INVALIDATION: 'transit-invalidation',
  NCTS_WEBHOOK: 'transit-ncts-webhook',
  PRESENTATION: 'transit-prelodged-presentation',
} as const;

/**
 * Transit movement (`transit/<MRN>`), NCTS phase 5 and TIR style: guarantee reservation on the
 * guarantee workflow, control decision, release for transit with seals, itinerary and time limit,
 * anticipated arrival/transit records, officer messages as updates (domain/transit/commands.ts), then
 * write-off, or enquiry and recovery. See docs/transit.md.
 */
export async function transitWorkflow(input: TransitInput): Promise<TransitView> {
  // Decided once, at the start: a movement keeps the behaviour it started with for its whole life.
  const receivingSide = patched(TRANSIT_PATCHES.RECEIVING_OFFICE);
  const slaOn = patched(TRANSIT_PATCHES.TRANSIT_SLA);
  const guarded = patched(TRANSIT_PATCHES.STUCK_ON_FAILED_WRITE);
  const alertsOn = patched(TRANSIT_ALERTS_PATCH);
  const invalidation = patched(TRANSIT_PATCHES.INVALIDATION);
  const nctsWebhook = patched(TRANSIT_PATCHES.NCTS_WEBHOOK);
  const presentation = patched(TRANSIT_PATCHES.PRESENTATION);
  const run = newRun(input, {
    receivingSide,
    slaOn,
    guarded,
    alertsOn,
    invalidation,
    nctsWebhook,
    presentation,
  });
  installHandlers(run);
  const alerts = alertsOn ? installAlertControls(run) : undefined;

  enter(run, 'LODGED', input.lodgedBy, 'IE015 transit declaration lodged');
  if (slaOn) void watchMovementSla(run);
  if (presentation && prelodged(input.declaration)) {
    await awaitPresentation(run);
    if (invalidated(run.s)) return finish(run);
  } else enter(run, 'ACCEPTED', 'system', `IE028 MRN ${input.mrn} allocated`);
  await publish(run);
  if (alerts) {
    void raiseSealsAlerts(alerts);
    await lodgementAlerts(run, alerts);
  }

  // Each step before release may end with the declaration invalidated meanwhile (IE014).
  if (!(await secureGuarantee(run)) || invalidated(run.s)) return finish(run);
  if (!(await departureControl(run))) return finish(run);
  await releaseForTransit(run);
  if (await awaitArrival(run)) await unloadAndWriteOff(run);
  return finish(run);
}

async function finish(run: Run): Promise<TransitView> {
  const { s } = run;
  if (invalidated(s)) await closeInvalidated(run);
  s.view.pending = undefined;
  // The office of destination's process closes on the write-off (all closures: arrival, proof, recovery).
  if (s.arrivalRecordSent && s.view.state === 'WRITTEN_OFF')
    await send(run, `office:${s.declaration.officeOfDestination}`, 'IE045', { closure: s.view.closure });
  await publish(run);
  return s.view;
}
