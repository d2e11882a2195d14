import type { ControlDecision } from '../../contracts';
import {
  applyReroute,
  controlTypeFor,
  mergeChanges,
  needsNoControl,
  queryQuestion,
} from '../../domain/declaration';
import { nowIso } from '../shell/case';
import { acts } from './proxies';
import {
  attributesChanged,
  commit,
  end,
  endInvalidated,
  enter,
  publish,
  send,
  type Outcome,
  type Run,
} from './run';
import { waitFor, waitIn } from './wait';

type Routed = Outcome | 'duties';

/**
 * The channel's treatment, from RISK_ASSESSED to duties: the GREEN stand-by window, the BLUE audit
 * request, the query to the declarant, the documentary check or physical examination. A re-routing
 * comes back here with the new channel (no second stand-by window).
 */
export async function handleChannel(r: Run): Promise<Routed> {
  let rerouted = false;
  for (;;) {
    const step = await treat(r, rerouted);
    if (step !== 'rerouted') return step;
    rerouted = true;
  }
}

async function treat(r: Run, rerouted: boolean): Promise<Routed | 'rerouted'> {
  const c = r.c;
  const ch = c.view.channel!;
  const standByMs = r.s.standByMs ?? 0;
  if (ch === 'GREEN' && standByMs > 0 && !rerouted) {
    c.standByOpen = true;
    c.view.pending = {
      action: 'stand-by: an officer may re-route this green case',
      by: 'officer',
      deadline: new Date(Date.now() + standByMs).toISOString(),
    };
    await publish(r);
    await waitFor(r, () => !!c.pendingReroute || !!c.restart || !!c.invalidation, standByMs);
    c.standByOpen = false;
    c.view.pending = undefined;
    const stop = await interruption(r);
    if (stop) return stop;
    r.shell.record({
      type: 'stand-by-ended',
      actor: 'system',
      reason: 'stand-by window closed without re-routing',
    });
  }
  if (needsNoControl(ch)) {
    if (ch === 'BLUE' && !c.view.auditRequested) await requestBlueAudit(r);
    return 'duties';
  }
  let controlType = controlTypeFor(ch);
  if (ch === 'QUERY') {
    c.answer = undefined;
    const question = queryQuestion(c.view);
    c.view.query = { question, askedAt: nowIso() };
    enter(
      r,
      'QUERIED',
      question,
      { action: 'answer the customs query', by: 'declarant' },
      r.s.queryDeadlineMs,
    );
    await publish(r, 'query');
    const waited = await waitIn(r, () => !!c.answer || !!c.pendingReroute || !!c.restart || !!c.invalidation);
    const stop = await interruption(r);
    if (stop) return stop;
    if (waited === 'deadline')
      return end(r, 'NOT_RELEASED', 'system', 'the query was not answered before its deadline');
    controlType = 'DOCUMENTARY'; // the answer is checked by an officer
  }
  c.control = undefined;
  c.view.control = { type: controlType, channel: ch, requestedAt: nowIso() };
  const what = controlType === 'PHYSICAL' ? 'physical examination' : 'documentary check';
  enter(r, 'UNDER_CONTROL', `${what} (channel ${ch})`, {
    action: `record the ${controlType.toLowerCase()} control result`,
    by: 'officer',
  });
  await publish(r, 'control-required');
  await waitIn(r, () => !!c.control || !!c.pendingReroute || !!c.restart || !!c.invalidation);
  if (c.invalidation) return endInvalidated(r);
  if (c.control) return controlled(r, c.control);
  return (await interruption(r))!;
}

/**
 * What ended a wait other than its own awaited event: an invalidation ends the case, an amendment or
 * an intelligence hit restarts the pass, a re-routing changes the channel. Undefined: none of them.
 */
async function interruption(r: Run): Promise<Outcome | 'rerouted' | undefined> {
  const c = r.c;
  if (c.invalidation) return endInvalidated(r);
  if (c.restart) return 'restart';
  if (!c.pendingReroute) return undefined;
  commit(r, applyReroute(c, nowIso()));
  attributesChanged(r);
  return 'rerouted';
}

/** The control result: learnt by the risk rules, a refused release, or corrections and on to duties. */
async function controlled(r: Run, result: ControlDecision): Promise<Routed> {
  const c = r.c;
  const v = c.view;
  v.control!.result = result;
  // A supervisor's release is no control finding: rule hit rates learn only from real controls.
  if (v.risk && !c.supervisorRelease) {
    await acts.recordRiskControlOutcome({
      eventKey: `${r.caseId}/control/${v.timeline.length}`,
      profileId: v.risk.profileId,
      ruleIds: v.risk.hits.map((h) => h.ruleId),
      outcome: result.refuseRelease ? 'REFUSED' : result.outcome,
      ...(v.declaration.declarant.tin ? { declarantTin: v.declaration.declarant.tin } : {}),
    });
  }
  if (result.refuseRelease)
    return end(
      r,
      'NOT_RELEASED',
      result.officerId,
      `release refused after ${result.controlType.toLowerCase()} control: ${result.remarks ?? result.outcome}`,
    );
  if (result.corrections) {
    c.view.declaration = mergeChanges(c.view.declaration, result.corrections);
    r.shell.record({
      type: 'corrected',
      actor: result.officerId,
      reason: 'declaration corrected as found at control; duties re-assessed',
      data: { sections: Object.keys(result.corrections) },
    });
  }
  // `control` stays set until the next control is requested: a second result is refused.
  return 'duties';
}

async function requestBlueAudit(r: Run): Promise<void> {
  const v = r.c.view;
  v.auditRequested = true;
  r.shell.record({
    type: 'audit-requested',
    actor: 'system',
    reason: 'BLUE channel: released with post-entry audit',
  });
  await send(r, [
    {
      messageId: `${r.caseId}/audit/blue`,
      caseId: r.caseId,
      destination: `office:${v.office}`,
      type: 'post-entry-audit-requested',
      payload: { mrn: v.mrn, reason: 'BLUE channel' },
    },
  ]);
}
