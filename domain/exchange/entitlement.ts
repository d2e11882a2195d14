import type { Stop } from '../transit/itinerary';
import type { Refusal } from './envelope';

/**
 * Whether an administration may send this message about this movement, from the movement's own
 * itinerary: a crossing (IE118) only from the country of one of its offices of transit, at that
 * office; an incident (IE182) only from a country on its route; arrival (IE006) and unloading
 * results (IE018) only from the country of its office of destination, at that office. The message
 * is refused before anything is stored; sequence (crossed before arrival, ...) is the case's own rule.
 */
export function entitlementRefusal(
  sender: string,
  type: string,
  body: { office?: unknown; country?: unknown },
  itinerary: Stop[],
): Refusal | undefined {
  const office = typeof body.office === 'string' ? body.office : undefined;
  const refuse = (text: string): Refusal => ({ code: 'NOT_ENTITLED', text });
  switch (type) {
    case 'IE118': {
      const stop = itinerary.find((s) => s.role === 'transit' && s.office === office);
      if (!stop) return refuse(`${office ?? 'no office'} is not an office of transit of this movement`);
      if (stop.country !== sender) return refuse(`${sender} may not report a crossing at ${office}`);
      return undefined;
    }
    case 'IE182': {
      const country = typeof body.country === 'string' ? body.country : undefined;
      if (country !== sender) return refuse(`${sender} may report incidents in its own country only`);
      if (!itinerary.some((s) => s.country === sender))
        return refuse(`${sender} is not on this movement's route`);
      return undefined;
    }
    case 'IE006':
    case 'IE018': {
      const destination = itinerary.find((s) => s.role === 'destination');
      if (!destination || destination.country !== sender)
        return refuse(`only the country of destination may send ${type} about this movement`);
      if (office !== destination.office)
        return refuse(`${office ?? 'no office'} is not the office of destination`);
      return undefined;
    }
    default:
      return { code: 'UNSUPPORTED_TYPE', text: `this node takes no ${type} messages` };
  }
}
