import { condition } from '@temporalio/workflow';
import type { AlertInput, AlertView } from '../../contracts/alert';
import { applyExpiry, applyLapse, applyMatches, applyRaise } from '../../domain/alert/commands';
import { isActive, openMatches } from '../../domain/alert/case';
import { nowIso } from '../shell/case';
import { installHandlers } from './handlers';
import { acts, commit, newRun, publish, unpublished, type Run } from './run';

/**
 * Regional intelligence alert (`alert/<alertId>`, docs/alerts.md). On raising it finds the open
 * declarations and transit movements carrying its subject (a visibility query, an activity), tells
 * each (a declaration is forced to control, a transit movement held for a control at its next
 * office) and sends itself to the recipient administrations through the outbox. While valid, new
 * lodgements that match record themselves (the update recordAlertMatch, from the risk assessment);
 * control results come back as updates. The validity timer expires it; results of earlier matches
 * are taken for a grace period after that, then movements still held are let go.
 */
export async function alertWorkflow(input: AlertInput): Promise<AlertView> {
  const r = newRun(input);
  installHandlers(r);
  commit(r, applyRaise(r.c, nowIso()));
  const found = await acts.findAlertMatches({ alertId: input.alertId, subject: r.c.view.subject });
  commit(r, applyMatches(r.c, found, nowIso()));

  const validUntil = Date.parse(input.validUntil);
  const graceEnds = validUntil + input.settings.resultGraceMs;
  let lapsed = false;
  for (;;) {
    await publish(r);
    if (r.c.notices.length) {
      await deliver(r);
      continue;
    }
    if (unpublished(r)) continue;
    if (!isActive(r.c) && (openMatches(r.c).length === 0 || Date.now() >= graceEnds)) {
      if (lapsed) break;
      lapsed = true;
      commit(r, applyLapse(r.c, nowIso()));
      continue;
    }
    const until = isActive(r.c) ? validUntil : graceEnds;
    const woke = await condition(
      () => unpublished(r) || r.c.notices.length > 0,
      Math.max(1, until - Date.now()),
    );
    if (!woke && isActive(r.c)) commit(r, applyExpiry(r.c, nowIso()));
  }
  return r.c.view;
}

/** The notices to matched cases, delivered by one activity, then dropped. */
async function deliver(r: Run): Promise<void> {
  const notices = r.c.notices;
  const v = r.c.view;
  await acts.deliverAlertNotices({
    alertId: v.alertId,
    country: v.country,
    severity: v.severity,
    reason: v.reason,
    notices,
  });
  commit(r, { ...r.c, notices: r.c.notices.slice(notices.length) });
}
