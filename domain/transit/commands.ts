import type {
  ArrivalNotification,
  BorderCrossing,
  DepartureControlResult,
  DiscrepancyResolution,
  EnquiryResponse,
  GuaranteeAmendment,
  IncidentReport,
  UnloadingRemarks,
} from '../../contracts/transit';
import { tirEventsOnArrival, tirEventsOnCrossing } from './itinerary';
import {
  applyTirOperations,
  guaranteeViewOf,
  movementFacts,
  type Entry,
  type GuaranteeRef,
  type MovementState,
} from './movement';
import {
  amendmentRefusal,
  arrivalRefusal,
  controlResultRefusal,
  crossingRefusal,
  enquiryResponseRefusal,
  incidentRefusal,
  resolutionRefusal,
  unloadingRefusal,
  type TransitState,
} from './rules';

/**
 * The movement's updates, each a pure pair: `*Refusal(state, command)` says why the command is out of
 * sequence or does not fit the case (the update's validator throws it, the API answers 409 with it),
 * `apply*(state, command, at)` makes the change. Payloads were parsed at the API (apps/api/transits,
 * apps/api/exchange: offices, result codes, non-empty texts, discrepancies listed when non-conform,
 * proof with kind and reference); these check the command against the movement only.
 */
const entering = (state: TransitState, actor: string, reason: string): Entry => ({
  type: 'state',
  state,
  actor,
  reason,
});

export function guaranteeAmendmentRefusal(s: MovementState, a: GuaranteeAmendment): string | undefined {
  const refusal = amendmentRefusal(movementFacts(s));
  if (refusal) return refusal;
  // The amendment body is checked field by field at the API; a GRN for a non-waiver is not.
  if (a.guarantee.type !== '0' && !a.guarantee.grn) return `guarantee type ${a.guarantee.type} needs a GRN`;
  return undefined;
}

export function applyGuaranteeAmendment(s: MovementState, a: GuaranteeAmendment): Entry[] {
  s.guaranteeRef = { ...a.guarantee, type: a.guarantee.type as GuaranteeRef['type'] };
  s.view.guarantee = guaranteeViewOf(a.guarantee);
  s.amended = true;
  return [
    {
      type: 'amended',
      actor: a.by,
      reason: 'IE013 amendment: guarantee reference',
      data: { grn: a.guarantee.grn, type: a.guarantee.type },
    },
  ];
}

export function departureControlRefusal(s: MovementState, c: DepartureControlResult): string | undefined {
  const refusal = controlResultRefusal(movementFacts(s), c.office);
  if (refusal) return refusal;
  if (c.result === 'CONFORM' && s.view.seals.length === 0 && !c.seals?.length)
    return 'a conform control of unidentified goods must record the seals affixed';
  return undefined;
}

export function applyDepartureControl(s: MovementState, c: DepartureControlResult): Entry[] {
  s.control = c;
  if (c.seals?.length) s.view.seals = [...new Set([...s.view.seals, ...c.seals])];
  return [
    {
      type: 'control-result',
      actor: c.officer,
      reason: c.reason ?? c.result,
      data: { result: c.result, seals: c.seals ?? [] },
    },
  ];
}

export const borderCrossingRefusal = (s: MovementState, c: BorderCrossing): string | undefined =>
  crossingRefusal(movementFacts(s), c.office);

export function applyBorderCrossing(s: MovementState, c: BorderCrossing, at: string): Entry[] {
  // Before the stop is marked: the country the goods leave is the last crossed stop's.
  const tirEvents = s.tir ? tirEventsOnCrossing(s.view.itinerary, c.office) : [];
  const stop = s.view.itinerary.find((x) => x.role === 'transit' && x.office === c.office)!;
  stop.crossedAt = at;
  stop.crossedBy = c.officer;
  stop.sealsIntact = c.sealsIntact ?? true;
  return [
    {
      type: 'border-crossing',
      actor: c.officer,
      reason: `IE118 crossing at office of transit ${c.office}`,
      data: { office: c.office, sealsIntact: stop.sealsIntact },
    },
    ...applyTirOperations(s, tirEvents, c.officer, at),
  ];
}

export function incidentReportRefusal(s: MovementState, i: IncidentReport): string | undefined {
  const refusal = incidentRefusal(movementFacts(s));
  if (refusal) return refusal;
  const routing = s.declaration.countriesOfRouting;
  if (!routing.includes(i.country))
    return `incident refused: ${i.country} is not a country of routing (${routing.join(', ')})`;
  return undefined;
}

export function applyIncident(s: MovementState, i: IncidentReport, at: string): Entry[] {
  s.view.incidents.push({
    seq: s.view.incidents.length + 1,
    at,
    type: i.type,
    description: i.description,
    country: i.country,
    ...(i.office ? { office: i.office } : {}),
    by: i.officer,
    ...(i.newSeals?.length ? { newSeals: i.newSeals } : {}),
  });
  if (i.newSeals?.length) s.view.seals = [...i.newSeals];
  return [
    {
      type: 'incident',
      actor: i.officer,
      reason: `IE182 incident in ${i.country}: ${i.description}`,
      data: { type: i.type, newSeals: i.newSeals ?? [] },
    },
  ];
}

export const arrivalNotificationRefusal = (s: MovementState, a: ArrivalNotification): string | undefined =>
  arrivalRefusal(movementFacts(s), a.office);

/** Arrival closes an open enquiry (late arrival); the main flow then runs the unloading. */
export function applyArrival(s: MovementState, a: ArrivalNotification, at: string): Entry[] {
  const late: Entry[] =
    s.view.state === 'ENQUIRY'
      ? [
          {
            type: 'late-arrival',
            actor: a.officer,
            reason: 'arrival notified while the non-arrival enquiry was open: enquiry closed',
          },
        ]
      : [];
  s.view.arrival = { office: a.office, at, by: a.officer };
  const tirEvents = s.tir ? tirEventsOnArrival(s.view.itinerary, a.office) : [];
  return [
    ...late,
    ...applyTirOperations(s, tirEvents, a.officer, at),
    entering('ARRIVED', a.officer, `IE007 arrival notification at ${a.office}`),
  ];
}

export function unloadingRemarksRefusal(s: MovementState, u: UnloadingRemarks): string | undefined {
  const refusal = unloadingRefusal(movementFacts(s), u.office);
  if (refusal) return refusal;
  const seqs = s.declaration.consignment.items.map((i) => i.seq);
  const unknown = (u.discrepancies ?? []).filter((d) => d.itemSeq !== undefined && !seqs.includes(d.itemSeq));
  if (unknown.length)
    return `discrepancy refers to item ${unknown[0].itemSeq}, which is not on the movement (items ${seqs.join(', ')})`;
  return undefined;
}

export function applyUnloadingRemarks(s: MovementState, u: UnloadingRemarks, at: string): Entry[] {
  const discrepancies = u.discrepancies ?? [];
  s.view.unloading = {
    office: u.office,
    at,
    by: u.officer,
    conform: u.conform,
    discrepancies: u.conform ? [] : discrepancies,
  };
  return [
    {
      type: 'unloading-remarks',
      actor: u.officer,
      reason: u.conform
        ? 'IE044 unloading remarks: conform'
        : `IE044 unloading remarks: ${discrepancies.length} discrepancy(ies)`,
      data: { conform: u.conform, discrepancies },
    },
    ...(u.conform ? [] : [entering('DISCREPANCIES', u.officer, 'discrepancies found at unloading')]),
  ];
}

export const discrepancyResolutionRefusal = (
  s: MovementState,
  r: DiscrepancyResolution,
): string | undefined => resolutionRefusal(movementFacts(s), r.office);

export function applyResolution(s: MovementState, r: DiscrepancyResolution): Entry[] {
  s.view.unloading!.resolution = r.resolution;
  s.resolved = true;
  return [{ type: 'discrepancies-resolved', actor: r.officer, reason: r.resolution }];
}

export function enquiryAnswerRefusal(s: MovementState): string | undefined {
  const refusal = enquiryResponseRefusal(movementFacts(s));
  if (refusal) return refusal;
  if (s.view.enquiry?.answer) return 'enquiry response refused: the enquiry was already answered';
  return undefined;
}

export function applyEnquiryAnswer(s: MovementState, e: EnquiryResponse, at: string): Entry[] {
  s.view.enquiry!.answer = {
    at,
    by: e.by,
    ...(e.proof ? { proof: e.proof } : {}),
    ...(e.explanation ? { explanation: e.explanation } : {}),
  };
  s.enquiryAnswered = true;
  return [
    {
      type: 'enquiry-response',
      actor: e.by,
      reason: e.proof
        ? `IE141 enquiry response with proof: ${e.proof.kind} ${e.proof.reference}`
        : `IE141 enquiry response without proof${e.explanation ? `: ${e.explanation}` : ''}`,
    },
  ];
}
