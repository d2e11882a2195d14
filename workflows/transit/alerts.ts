import { condition, setHandler } from '@temporalio/workflow';
import { alertControl } from '../../contracts/alert';
import { notifyArrival, recordBorderCrossing } from '../../contracts/transit';
import {
  alertHoldRefusal,
  applyAlertControl,
  lodgedMatch,
  sealsAlertOf,
  transitSubjects,
  type AlertHold,
  type SealsAlertRequest,
} from '../../domain/transit/alert-holds';
import {
  applyArrival,
  applyBorderCrossing,
  arrivalNotificationRefusal,
  borderCrossingRefusal,
} from '../../domain/transit/commands';
import { nowIso, refuse } from '../shell/case';
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
 * Intelligence alerts on a movement (docs/alerts.md), installed after the movement's own handlers:
 * an alert's hold or clearing (signal), and the border crossing and arrival again, refused while an
 * alert holds the movement for a control; a crossing with broken seals queues an alert on the
 * vehicle, raised by `raiseSealsAlerts` beside the main flow.
 */
export function installAlertControls(run: Run): AlertWatch {
  const { s } = run;
  const w: AlertWatch = { holds: [], seals: [] };
  setHandler(alertControl, (n) => {
    const next = applyAlertControl(w.holds, n, nowIso());
    w.holds = next.holds;
    if (next.entry) commit(run, [next.entry]);
  });
  setHandler(
    recordBorderCrossing,
    (c) => {
      commit(run, applyBorderCrossing(s, c, nowIso()));
      const seals = sealsAlertOf(s.view, s.declaration, c);
      if (seals) w.seals.push(seals);
      return s.view;
    },
    { validator: (c) => refuse(alertHoldRefusal(w.holds, 'border crossing') ?? borderCrossingRefusal(s, c)) },
  );
  setHandler(
    notifyArrival,
    (a) => {
      commit(run, applyArrival(s, a, nowIso()));
      return s.view;
    },
    { validator: (a) => refuse(alertHoldRefusal(w.holds, 'arrival') ?? arrivalNotificationRefusal(s, a)) },
  );
  return w;
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
