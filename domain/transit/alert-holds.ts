import type { AlertControlNotice, AlertMatchFound } from '../../contracts/alert';
import type { BorderCrossing, TransitView } from '../../contracts/transit';
import type { TransitDeclaration } from '../schemas/transit';
import { caseSubjects, type CaseSubjects } from '../alert/subject';
import type { Entry } from './movement';

/**
 * A movement under intelligence alerts (docs/alerts.md): each alert that matched it holds it for a
 * control at its next office, and its border crossing and arrival are refused until the control
 * result is in (the alert clears its hold then, or when it lapses). Pure; workflows/transit/alerts.ts
 * wires it behind `patched('transit-intelligence-alerts')`.
 */
export interface AlertHold {
  alertId: string;
  reason: string;
  since: string;
}

export function transitSubjects(d: TransitDeclaration): CaseSubjects {
  return caseSubjects({
    vehicles: [d.transport.vehicleRegistration],
    containers: d.transport.containers ?? [],
    traders: [d.holder.tin],
    goods: d.consignment.items.map((i) => ({ hsCode: i.hsCode })),
  });
}

export function alertHoldRefusal(holds: readonly AlertHold[], what: string): string | undefined {
  if (!holds.length) return undefined;
  const h = holds[0];
  return `${what} refused: a control ordered by intelligence alert ${h.alertId} must be recorded first (${h.reason})`;
}

/**
 * A hold or its clearing; a repeated notice changes nothing (the alert may deliver twice). The
 * alert's reason stays in the hold, for the officers the refusal answers.
 */
export function applyAlertControl(
  holds: readonly AlertHold[],
  n: AlertControlNotice,
  at: string,
): { holds: AlertHold[]; entry?: Entry } {
  const held = holds.some((h) => h.alertId === n.alertId);
  if (n.action === 'hold') {
    if (held) return { holds: [...holds] };
    return {
      holds: [...holds, { alertId: n.alertId, reason: n.reason, since: at }],
      // The movement's timeline reaches its holder: it says a control is due, not what customs suspect.
      entry: {
        type: 'alert-hold',
        actor: 'system',
        reason: 'held for a customs control at the next office',
        data: { alertId: n.alertId },
      },
    };
  }
  if (!held) return { holds: [...holds] };
  return {
    holds: holds.filter((h) => h.alertId !== n.alertId),
    entry: {
      type: 'alert-cleared',
      actor: 'system',
      reason: 'customs control recorded',
      data: { alertId: n.alertId },
    },
  };
}

/** What the seals alert of a crossing needs: the movement, the office and the vehicle (or container). */
export interface SealsAlertRequest {
  caseId: string;
  mrn: string;
  office: string;
  country: string;
  officer: string;
  subject: { kind: 'vehicle'; registration: string } | { kind: 'container'; number: string };
  /** The countries still ahead on the itinerary: they hear of it. */
  ahead: string[];
}

/** A crossing recorded with broken seals raises an alert on the vehicle (or the first container). */
export function sealsAlertOf(
  v: Pick<TransitView, 'caseId' | 'mrn' | 'itinerary'>,
  d: TransitDeclaration,
  c: BorderCrossing,
): SealsAlertRequest | undefined {
  if (c.sealsIntact !== false) return undefined;
  const subjects = transitSubjects(d);
  const subject = subjects.vehicles.length
    ? { kind: 'vehicle' as const, registration: subjects.vehicles[0] }
    : subjects.containers.length
      ? { kind: 'container' as const, number: subjects.containers[0] }
      : undefined;
  if (!subject) return undefined;
  const at = v.itinerary.findIndex((s) => s.office === c.office);
  const stop = v.itinerary[at];
  return {
    caseId: v.caseId,
    mrn: v.mrn,
    office: c.office,
    country: stop?.country ?? c.office.slice(0, 2),
    officer: c.officer,
    subject,
    ahead: [...new Set(v.itinerary.slice(at + 1).map((s) => s.country))],
  };
}

/** The movement as a match of an alert found at its lodgement. */
export function lodgedMatch(
  v: Pick<TransitView, 'caseId' | 'mrn' | 'country' | 'itinerary'>,
): AlertMatchFound {
  return {
    caseId: v.caseId,
    kind: 'transit',
    mrn: v.mrn,
    country: v.country,
    route: [...new Set(v.itinerary.map((s) => s.country))],
  };
}
