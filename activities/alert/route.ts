import type { TransitView } from '../../contracts/transit';

/**
 * The administration that controls a matched movement: that of the next office on its itinerary
 * not passed yet (an office of transit not crossed, else the destination); before release, the
 * office of departure's.
 */
export function nextControlCountry(v: Pick<TransitView, 'state' | 'country' | 'itinerary'>): string {
  if (v.state !== 'RELEASED_FOR_TRANSIT') return v.country;
  const next = v.itinerary.find((s) => s.role !== 'departure' && !s.crossedAt);
  return next?.country ?? v.country;
}
