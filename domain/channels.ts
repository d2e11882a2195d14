/**
 * Channels (ASYCUDA lanes) and their severity, most severe last: GREEN < BLUE < YELLOW < QUERY < RED.
 * RED = physical + documentary; QUERY = held until the declarant answers; YELLOW = documentary;
 * BLUE = release now with post-clearance audit; GREEN = release. Plain data: the risk engine, the
 * declaration process and the API share it, and workflow code may import it.
 */
export const CHANNELS = ['GREEN', 'BLUE', 'YELLOW', 'QUERY', 'RED'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SEVERITY: Readonly<Record<Channel, number>> = { GREEN: 0, BLUE: 1, YELLOW: 2, QUERY: 3, RED: 4 };

export function mostSevere(a: Channel, b: Channel): Channel {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}
