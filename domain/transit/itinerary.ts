import type { TransitDeclaration } from '../schemas/transit';

/**
 * The itinerary of a movement: departure, each office of transit in declared order, destination.
 * Crossings are recorded on the transit stops. Pure.
 */
export type StopRole = 'departure' | 'transit' | 'destination';

export interface Stop {
  office: string;
  country: string;
  role: StopRole;
  /** Transit stops: when the border crossing was recorded (IE118-like), by whom, seals intact or not. */
  crossedAt?: string;
  crossedBy?: string;
  sealsIntact?: boolean;
}

export function buildItinerary(
  t: Pick<TransitDeclaration, 'officeOfDeparture' | 'officesOfTransit' | 'officeOfDestination'>,
): Stop[] {
  const stop = (office: string, role: StopRole): Stop => ({ office, country: office.slice(0, 2), role });
  return [
    stop(t.officeOfDeparture, 'departure'),
    ...t.officesOfTransit.map((o) => stop(o, 'transit')),
    stop(t.officeOfDestination, 'destination'),
  ];
}

export const transitStops = (it: readonly Stop[]) => it.filter((s) => s.role === 'transit');

/** The next office of transit the goods must cross, or undefined when every crossing is recorded. */
export function nextCrossing(it: readonly Stop[]): Stop | undefined {
  return transitStops(it).find((s) => !s.crossedAt);
}

/**
 * TIR mode: a TIR operation runs in each country of the journey. It starts at departure (or on
 * entering a country) and terminates on leaving it (or at destination). A crossing at an office of
 * transit in another country than the goods are in now terminates the current country's operation
 * and starts the next one's.
 */
export interface TirOperationEvent {
  country: string;
  action: 'started' | 'terminated';
  office: string;
}

/** The country the goods are in now: the last crossed transit office's, else departure's. */
export function currentCountry(it: readonly Stop[]): string {
  const crossed = transitStops(it).filter((s) => s.crossedAt);
  return (crossed.at(-1) ?? it[0]).country;
}

export function tirEventsOnCrossing(it: readonly Stop[], office: string): TirOperationEvent[] {
  const here = currentCountry(it);
  const country = office.slice(0, 2);
  if (country === here) return [];
  return [
    { country: here, action: 'terminated', office },
    { country, action: 'started', office },
  ];
}

export function tirEventsOnArrival(it: readonly Stop[], office: string): TirOperationEvent[] {
  const here = currentCountry(it);
  const country = office.slice(0, 2);
  // Goods arriving in a country whose entry was not recorded as a crossing: that country's operation
  // starts on arrival so every country's operation is both started and terminated.
  if (country !== here)
    return [
      { country: here, action: 'terminated', office },
      { country, action: 'started', office },
      { country, action: 'terminated', office },
    ];
  return [{ country, action: 'terminated', office }];
}
