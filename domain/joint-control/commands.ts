import {
  JOINT_MESSAGES,
  type AcceptEntry,
  type BookInspection,
  type RecordJointInspection,
  type RecordReinspection,
  type RequestReinspection,
} from '../../contracts/joint-control';
import { inspectionKind } from './decision';
import { enter, sideOf, withCrossing, withEvent, withMessage, type JointCase } from './case';

/**
 * The officers' commands, each a pure pair: `*Refusal(case, command)` says why the command does not
 * fit the joint control now (the update's validator throws it, the API answers 409 with it);
 * `apply*(case, command, at)` returns the next case. The API parsed the payloads and checked that the
 * caller is an officer of one side of this border pair; these check the command against the case.
 */

const notIn = (c: JointCase, what: string) => `${what} does not apply: the joint control is ${c.view.state}`;

const entrySideOnly = (c: JointCase, country: string, what: string): string | undefined =>
  sideOf(c, country) === 'entry'
    ? undefined
    : `only the entry side (${c.view.entry.country}) may ${what}; ${country} is the ${sideOf(c, country) ?? 'neither'} side`;

export function bookInspectionRefusal(c: JointCase, cmd: BookInspection): string | undefined {
  const booked = c.view.inspection;
  if (booked)
    return `the joint inspection is already booked (slot ${booked.slot}, by ${booked.bookedBy}): one inspection per movement`;
  if (c.view.state !== 'AWAITING_INSPECTION') return notIn(c, 'booking an inspection');
  if (!sideOf(c, cmd.country)) return `${cmd.country} is neither side of border ${c.view.border}`;
  return undefined;
}

export function applyBookInspection(c: JointCase, cmd: BookInspection, at: string): JointCase {
  const kind = inspectionKind(c.view.channel!);
  const inspection = { kind, bookedAt: at, bookedBy: cmd.actor, slot: cmd.slot };
  const next = { ...c, view: { ...c.view, inspection } };
  return enter(
    next,
    'INSPECTION_BOOKED',
    at,
    {
      actor: cmd.actor,
      reason: `joint ${kind.toLowerCase()} inspection booked for ${cmd.slot} by ${cmd.country}`,
      data: { slot: cmd.slot, kind },
    },
    { action: 'record the joint inspection result, with officers of both sides', by: 'officer' },
  );
}

export function recordInspectionRefusal(c: JointCase, cmd: RecordJointInspection): string | undefined {
  const i = c.view.inspection;
  if (i?.result)
    return `the joint inspection result was already recorded (${i.result} at ${i.recordedAt}): once`;
  if (c.view.state !== 'INSPECTION_BOOKED') return notIn(c, 'recording an inspection result');
  const countries = new Set(cmd.officers.map((o) => o.country));
  const missing = [c.view.exit.country, c.view.entry.country].filter((cc) => !countries.has(cc));
  if (missing.length)
    return `a joint inspection records officers of both sides; none of ${missing.join(', ')}`;
  const stranger = cmd.officers.find((o) => !sideOf(c, o.country));
  if (stranger) return `officer ${stranger.officer} of ${stranger.country} is of neither side`;
  return undefined;
}

/** The result, recognised by both: conform confirms the exit and awaits the entry side's word. */
export function applyRecordInspection(c: JointCase, cmd: RecordJointInspection, at: string): JointCase {
  const v = c.view;
  const inspection = {
    ...v.inspection!,
    result: cmd.result,
    officers: cmd.officers,
    sealsIntact: cmd.sealsIntact,
    recordedAt: at,
    recordedBy: cmd.actor,
    ...(cmd.findings ? { findings: cmd.findings } : {}),
  };
  const names = cmd.officers.map((o) => `${o.officer} (${o.country})`).join(', ');
  let next = withEvent(
    { ...c, view: { ...v, inspection } },
    {
      type: 'joint-inspection',
      actor: cmd.actor,
      reason: `joint inspection ${cmd.result} by ${names}${cmd.findings ? `: ${cmd.findings}` : ''}`,
      data: { result: cmd.result, officers: cmd.officers, sealsIntact: cmd.sealsIntact },
    },
    at,
  );
  next = withMessage(next, v.entry.country, JOINT_MESSAGES.inspected, { inspection });
  if (cmd.result === 'NON_CONFORM')
    return enter(next, 'EXIT_REFUSED', at, {
      actor: cmd.actor,
      reason: `exit refused on the joint inspection: ${cmd.findings ?? 'non-conform'}`,
    });
  next = { ...next, view: { ...next.view, exitConfirmedAt: at } };
  next = withCrossing(next, v.exit.office, cmd.actor, cmd.sealsIntact);
  next = enter(
    next,
    'EXIT_CONFIRMED',
    at,
    { actor: cmd.actor, reason: `${v.exit.country} confirms exit on the joint inspection` },
    { action: `${v.entry.country} accepts entry, or records a reason to inspect again`, by: 'officer' },
  );
  return withMessage(next, v.entry.country, JOINT_MESSAGES.exitConfirmed, {});
}

export function acceptEntryRefusal(c: JointCase, cmd: AcceptEntry): string | undefined {
  if (c.view.state !== 'EXIT_CONFIRMED') return notIn(c, 'accepting entry');
  return entrySideOnly(c, cmd.country, 'accept entry');
}

/** Entry accepted on the joint result: no second inspection. */
export function applyAcceptEntry(c: JointCase, cmd: AcceptEntry, at: string): JointCase {
  const v = c.view;
  let next: JointCase = { ...c, view: { ...v, entryDecidedAt: at } };
  next = withCrossing(next, v.entry.office, cmd.actor, v.inspection?.sealsIntact ?? true);
  next = enter(next, 'ENTRY_ACCEPTED', at, {
    actor: cmd.actor,
    reason: `${v.entry.country} accepts entry on the joint inspection, without a second inspection`,
  });
  return withMessage(next, v.exit.country, JOINT_MESSAGES.entryAccepted, { noStop: false });
}

export function reinspectionRefusal(c: JointCase, cmd: RequestReinspection): string | undefined {
  if (c.view.state !== 'EXIT_CONFIRMED') return notIn(c, 'a re-inspection');
  return entrySideOnly(c, cmd.country, 'ask to inspect again');
}

/** The entry side disagrees: its reason is kept in the timeline and sent to the exit side. */
export function applyReinspection(c: JointCase, cmd: RequestReinspection, at: string): JointCase {
  const reinspection = { requestedAt: at, requestedBy: cmd.actor, reason: cmd.reason };
  const next = enter(
    { ...c, view: { ...c.view, reinspection } },
    'ENTRY_REINSPECTION',
    at,
    { actor: cmd.actor, reason: `entry side inspects again: ${cmd.reason}`, data: { reason: cmd.reason } },
    { action: 'record the entry re-inspection result', by: 'officer' },
  );
  return withMessage(next, c.view.exit.country, JOINT_MESSAGES.reinspection, { reason: cmd.reason });
}

export function recordReinspectionRefusal(c: JointCase, cmd: RecordReinspection): string | undefined {
  if (c.view.state !== 'ENTRY_REINSPECTION') return notIn(c, 'a re-inspection result');
  return entrySideOnly(c, cmd.country, 'record the re-inspection');
}

export function applyRecordReinspection(c: JointCase, cmd: RecordReinspection, at: string): JointCase {
  const v = c.view;
  const reinspection = {
    ...v.reinspection!,
    result: cmd.result,
    recordedAt: at,
    recordedBy: cmd.actor,
    ...(cmd.findings ? { findings: cmd.findings } : {}),
  };
  let next: JointCase = { ...c, view: { ...v, reinspection, entryDecidedAt: at } };
  const findings = cmd.findings ? `: ${cmd.findings}` : '';
  if (cmd.result === 'NON_CONFORM') {
    next = enter(next, 'ENTRY_REFUSED', at, {
      actor: cmd.actor,
      reason: `entry refused on re-inspection${findings}`,
    });
    return withMessage(next, v.exit.country, JOINT_MESSAGES.entryRefused, { reinspection });
  }
  next = withCrossing(next, v.entry.office, cmd.actor, v.inspection?.sealsIntact ?? true);
  next = enter(next, 'ENTRY_ACCEPTED', at, {
    actor: cmd.actor,
    reason: `${v.entry.country} accepts entry after its re-inspection${findings}`,
  });
  return withMessage(next, v.exit.country, JOINT_MESSAGES.entryAccepted, { reinspection });
}
