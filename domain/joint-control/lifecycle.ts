import {
  JOINT_MESSAGES,
  type MovementCrossingOutcome,
  type SideDecision,
} from '../../contracts/joint-control';
import type { SupervisorAction } from '../../contracts/supervision';
import { combineDecisions, inspectionKind, stopReason } from './decision';
import { enter, processOf, withCrossing, withEvent, withMessage, type JointCase } from './case';

/**
 * The joint control's own steps: arrival at the exit post, the two risk decisions, the crossings
 * recorded on the movement, SLA breaches and escalation. The officers' commands are in commands.ts.
 */

export function applyArrival(c: JointCase, at: string): JointCase {
  const i = c.input;
  const arrived = enter(c, 'ARRIVED', at, {
    actor: i.arrivedBy,
    reason: `arrived at exit post ${i.exit.office} (${i.exit.country}); facing post ${i.entry.office} (${i.entry.country}) is next on the route`,
    data: { exit: i.exit, entry: i.entry },
  });
  return withMessage(arrived, i.entry.country, JOINT_MESSAGES.opened, {
    movement: i.movement,
    arrivedAt: i.arrivedAt,
  });
}

const decisionEvent = (side: 'exit' | 'entry', d: SideDecision) => ({
  type: 'risk-decision',
  actor: 'system',
  reason: `${d.country} (${side}) ${d.channel} by profile ${d.profileId} v${d.profileVersion}: ${d.reasons.join('; ') || 'no rule hit'}`,
  data: { side, country: d.country, channel: d.channel, profile: `${d.profileId}@${d.profileVersion}` },
});

/**
 * Both decisions in; the stricter channel applies. A sealed, green AEO movement passes with no stop:
 * both sides confirm from data (exit confirmed, entry accepted, both crossings recorded). Otherwise
 * one joint inspection awaits its booking.
 */
export function applyDecisions(
  c: JointCase,
  d: { exit: SideDecision; entry: SideDecision },
  at: string,
): JointCase {
  const combined = combineDecisions(d.exit, d.entry);
  const m = c.view.movement;
  let next = withEvent(withEvent(c, decisionEvent('exit', d.exit), at), decisionEvent('entry', d.entry), at);
  next = {
    ...next,
    view: { ...next.view, decisions: d, channel: combined.channel, channelReason: combined.reason },
  };
  for (const side of ['exit', 'entry'] as const) {
    const other = side === 'exit' ? next.view.entry.country : next.view.exit.country;
    next = withMessage(next, other, JOINT_MESSAGES.decided, { decision: d[side], channel: combined.channel });
  }
  const stop = stopReason(m, combined.channel);
  if (stop === undefined) {
    next = { ...next, view: { ...next.view, noStop: true, exitConfirmedAt: at, entryDecidedAt: at } };
    next = enter(next, 'EXIT_CONFIRMED', at, {
      actor: 'system',
      reason: `no stop: sealed, GREEN on both sides, AEO holder; ${next.view.exit.country} confirms exit from data`,
    });
    next = enter(next, 'ENTRY_ACCEPTED', at, {
      actor: 'system',
      reason: `no stop: ${next.view.entry.country} accepts entry from data`,
    });
    next = withCrossing(next, next.view.exit.office, 'system', true);
    next = withCrossing(next, next.view.entry.office, 'system', true);
    for (const country of [next.view.exit.country, next.view.entry.country])
      next = withMessage(next, country, JOINT_MESSAGES.entryAccepted, { noStop: true });
    return next;
  }
  const kind = inspectionKind(combined.channel);
  return enter(
    next,
    'AWAITING_INSPECTION',
    at,
    {
      actor: 'system',
      reason: `${combined.reason}; stop (${stop}): one joint ${kind.toLowerCase()} inspection`,
    },
    { action: `book the joint ${kind.toLowerCase()} inspection`, by: 'officer' },
  );
}

/** The movement's process answered the crossing it was asked to record (refused: kept with its reason). */
export function applyCrossingOutcome(c: JointCase, outcome: MovementCrossingOutcome, at: string): JointCase {
  const [done, ...rest] = c.crossings;
  const entry = {
    office: done.office,
    at,
    ok: outcome.ok,
    ...(outcome.ok ? {} : { reason: outcome.reason }),
  };
  const view = { ...c.view, movementCrossings: [...c.view.movementCrossings, entry] };
  const e = {
    type: outcome.ok ? 'movement-crossing' : 'movement-crossing-refused',
    actor: done.officer,
    reason: outcome.ok
      ? `crossing at ${done.office} recorded on ${processOf(c)}`
      : `${processOf(c)} refused the crossing at ${done.office}: ${outcome.reason}`,
    data: { office: done.office },
  };
  return withEvent({ ...c, view, crossings: rest }, e, at);
}

export function applySlaBreach(c: JointCase, n: 1 | 2, at: string): JointCase {
  const state = c.view.state;
  const view =
    n === 1 ? { ...c.view, stuck: true, stuckSince: at } : { ...c.view, escalations: c.view.escalations + 1 };
  const reason = n === 1 ? `no progress in ${state} within SLA` : `SLA breached again in ${state}`;
  return withEvent(
    { ...c, view },
    { type: n === 1 ? 'sla-breach' : 'escalated', state, actor: 'system', reason },
    at,
  );
}

export function applyEscalation(c: JointCase, a: SupervisorAction, at: string): JointCase {
  const view = { ...c.view, escalations: c.view.escalations + 1 };
  return withEvent(
    { ...c, view },
    { type: 'escalated', state: c.view.state, actor: a.actor, reason: a.reason },
    at,
  );
}

/** The movement's process could not be told (closed meanwhile): its crossings will answer with the reason. */
export function applyMovementNotTold(c: JointCase, reason: string, at: string): JointCase {
  const e = {
    type: 'movement-not-told',
    actor: 'system',
    reason: `transit/${c.view.mrn} not told: ${reason}`,
  };
  return withEvent(c, e, at);
}
