import { condition, setHandler } from '@temporalio/workflow';
import { alertControl } from '../../contracts/alert';
import type { BorderCrossing } from '../../contracts/transit';
import {
  alertHoldRefusal,
  applyAlertControl,
  lodgedMatch,
  sealsAlertOf,
  transitSubjects,
  type AlertHold,
  type SealsAlertRequest,
} from '../../domain/transit/alert-holds';
import { nowIso } from '../shell/case';
import { acts } from './proxies';
import { commit, publish, type Run } from './run';

/** Decided once per run: movements started before it have no alert holds and raise no seals alerts. */
export const TRANSIT_ALERTS_PATCH = 'transit-intelligence-alerts';

/** What the movement keeps of intelligence alerts: its holds, and seals alerts still to raise. */
export interface AlertWatch {
  holds: AlertHold[];
  seals: SealsAlertRequest[];
}

/**
 * Intelligence alerts on a movement (docs/alerts.md): an alert's hold or clearing (signal). The
 * movement's own crossing and arrival handlers (handlers.ts) ask `alertHoldOn` while an alert holds
 * the movement for a control, and a crossing with broken seals queues an alert on the vehicle
 * (`noteCrossing`), raised by `raiseSealsAlerts` beside the main flow.
 */
export function installAlertControls(run: Run): AlertWatch {
  const w: AlertWatch = { holds: [], seals: [] };
  setHandler(alertControl, (n) => {
    const next = applyAlertControl(w.holds, n, nowIso());
    w.holds = next.holds;
    if (next.entry) commit(run, [next.entry]);
  });
  run.alertWatch = w;
  return w;
}

/** Why an alert refuses `what` now, in runs with alerts; one handler per update keeps every guard. */
export function alertHoldOn(run: Run, what: string): string | undefined {
  return run.alertWatch ? alertHoldRefusal(run.alertWatch.holds, what) : undefined;
}

/** A crossing recorded with broken seals queues the alert on its vehicle. */
export function noteCrossing(run: Run, c: BorderCrossing): void {
  const seals = run.alertWatch && sealsAlertOf(run.s.view, run.s.declaration, c);
  if (seals) run.alertWatch?.seals.push(seals);
}

/** The lodgement against the active alerts: each alert it matches holds it for a control. */
export async function lodgementAlerts(run: Run, w: AlertWatch): Promise<void> {
  const found = await acts.matchTransitToAlerts({
    facts: transitSubjects(run.s.declaration),
    match: lodgedMatch(run.s.view),
  });
  for (const a of found) {
    const next = applyAlertControl(
      w.holds,
      { alertId: a.alertId, action: 'hold', reason: a.reason },
      nowIso(),
    );
    w.holds = next.holds;
    if (next.entry) commit(run, [next.entry]);
  }
  if (found.length) await publish(run);
}

/** Raises the alert of each crossing recorded with broken seals, in order, for the movement's life. */
export async function raiseSealsAlerts(w: AlertWatch): Promise<void> {
  for (;;) {
    await condition(() => w.seals.length > 0);
    await acts.raiseSealsAlert(w.seals[0]);
    w.seals.shift();
  }
}
