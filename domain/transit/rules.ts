import { nextCrossing, transitStops, type Stop } from './itinerary';

/**
 * The transit movement's state table and the sequence rules its messages must follow. Each
 * `*Refusal` returns a sentence saying why the message is out of sequence (the API answers 409 with
 * it), or undefined when it may be applied. Pure.
 */
export const TRANSIT_STATES = [
  'LODGED',
  'AWAITING_PRESENTATION',
  'ACCEPTED',
  'GUARANTEE_REFUSED',
  'UNDER_CONTROL',
  'RELEASED_FOR_TRANSIT',
  'ARRIVED',
  'DISCREPANCIES',
  'ENQUIRY',
  'RECOVERY',
  'WRITTEN_OFF',
  'NOT_RELEASED',
  'INVALIDATED',
] as const;
export type TransitState = (typeof TRANSIT_STATES)[number];

export const FINAL_STATES: readonly TransitState[] = ['WRITTEN_OFF', 'NOT_RELEASED', 'INVALIDATED'];

/**
 * The states in which a movement waits for someone, each of which may carry an SLA (config/transit.ts).
 * RELEASED_FOR_TRANSIT, ENQUIRY, GUARANTEE_REFUSED and DISCREPANCIES also have a business deadline
 * that moves the movement on by itself; UNDER_CONTROL and ARRIVED wait for an officer with no
 * deadline, so only an SLA can show that they are stuck.
 */
export const TRANSIT_WAITING_STATES = [
  'GUARANTEE_REFUSED',
  'UNDER_CONTROL',
  'RELEASED_FOR_TRANSIT',
  'ARRIVED',
  'DISCREPANCIES',
  'ENQUIRY',
] as const satisfies readonly TransitState[];
export type TransitWaitingState = (typeof TRANSIT_WAITING_STATES)[number];

/** The office that has to act in a waiting state: its SLA table applies. */
export function actingOffice(state: TransitWaitingState, departure: string, destination: string): string {
  return state === 'ARRIVED' || state === 'DISCREPANCIES' ? destination : departure;
}

export interface MovementFacts {
  state: TransitState;
  itinerary: Stop[];
  officeOfDeparture: string;
  officeOfDestination: string;
  /** Unloading remarks were given (the write-off is under way or done). */
  unloaded?: boolean;
}

const IN_TRANSIT: readonly TransitState[] = ['RELEASED_FOR_TRANSIT'];
export const beforeRelease = (s: TransitState) =>
  ['LODGED', 'AWAITING_PRESENTATION', 'ACCEPTED', 'GUARANTEE_REFUSED', 'UNDER_CONTROL'].includes(s);

function notWhen(m: MovementFacts, what: string): string {
  if (FINAL_STATES.includes(m.state)) return `${what} refused: the movement is already ${m.state}`;
  if (beforeRelease(m.state))
    return `${what} refused: the movement has not been released for transit (it is ${m.state})`;
  return `${what} refused: the movement is ${m.state}`;
}

export function crossingRefusal(m: MovementFacts, office: string): string | undefined {
  if (!IN_TRANSIT.includes(m.state)) return notWhen(m, `border crossing at ${office}`);
  const stop = transitStops(m.itinerary).find((s) => s.office === office);
  if (!stop) {
    const planned = transitStops(m.itinerary).map((s) => s.office);
    return `border crossing refused: ${office} is not an office of transit on the itinerary (${planned.length ? planned.join(', ') : 'none declared'})`;
  }
  if (stop.crossedAt)
    return `border crossing refused: the crossing at ${office} was already recorded at ${stop.crossedAt}`;
  const next = nextCrossing(m.itinerary);
  if (next && next.office !== office)
    return `border crossing refused: the goods must cross ${next.office} before ${office}`;
  return undefined;
}

export function incidentRefusal(m: MovementFacts): string | undefined {
  if (!IN_TRANSIT.includes(m.state) && m.state !== 'ENQUIRY') return notWhen(m, 'incident');
  return undefined;
}

export function arrivalRefusal(m: MovementFacts, office: string): string | undefined {
  if (m.state === 'ARRIVED' || m.state === 'DISCREPANCIES')
    return 'arrival refused: the arrival was already notified';
  if (!IN_TRANSIT.includes(m.state) && m.state !== 'ENQUIRY') return notWhen(m, 'arrival');
  if (office !== m.officeOfDestination)
    return `arrival refused: ${office} is not the office of destination (${m.officeOfDestination})`;
  const missing = transitStops(m.itinerary)
    .filter((s) => !s.crossedAt)
    .map((s) => s.office);
  if (missing.length) return `arrival refused: no border crossing recorded yet at ${missing.join(', ')}`;
  return undefined;
}

export function unloadingRefusal(m: MovementFacts, office: string): string | undefined {
  if (m.unloaded && m.state !== 'DISCREPANCIES')
    return 'unloading remarks refused: remarks were already recorded and the movement is being written off (no second write-off)';
  if (m.state === 'DISCREPANCIES')
    return 'unloading remarks refused: remarks were already given; resolve the discrepancies instead';
  if (m.state === 'WRITTEN_OFF')
    return 'unloading remarks refused: the movement is already WRITTEN_OFF (no second write-off)';
  if (m.state !== 'ARRIVED')
    return `unloading remarks refused: the goods have not arrived (the movement is ${m.state})`;
  if (office !== m.officeOfDestination)
    return `unloading remarks refused: ${office} is not the office of destination (${m.officeOfDestination})`;
  return undefined;
}

export function resolutionRefusal(m: MovementFacts, office: string): string | undefined {
  if (m.state !== 'DISCREPANCIES')
    return `discrepancy resolution refused: there are no open discrepancies (the movement is ${m.state})`;
  if (office !== m.officeOfDestination)
    return `discrepancy resolution refused: ${office} is not the office of destination (${m.officeOfDestination})`;
  return undefined;
}

export function enquiryResponseRefusal(m: MovementFacts): string | undefined {
  if (m.state !== 'ENQUIRY')
    return `enquiry response refused: no enquiry is open (the movement is ${m.state})`;
  return undefined;
}

export function amendmentRefusal(m: MovementFacts): string | undefined {
  if (m.state !== 'GUARANTEE_REFUSED')
    return `amendment refused: only a movement whose guarantee was refused can be amended here (it is ${m.state})`;
  return undefined;
}

export function controlResultRefusal(m: MovementFacts, office: string): string | undefined {
  if (m.state !== 'UNDER_CONTROL')
    return `control result refused: no control is pending (the movement is ${m.state})`;
  if (office !== m.officeOfDeparture)
    return `control result refused: ${office} is not the office of departure (${m.officeOfDeparture})`;
  return undefined;
}
