/**
 * The administrations (countries) this node serves: CLEARWAY_ADMINISTRATIONS, a comma-separated list
 * of ISO country codes; by default the five of the demo region. A message for an office of a country
 * the node does not serve leaves as a partner message; one for a served office stays inside.
 */
export const DEFAULT_ADMINISTRATIONS = ['CN', 'KG', 'KZ', 'TJ', 'UZ'] as const;

export function servedAdministrations(env: NodeJS.ProcessEnv = process.env): ReadonlySet<string> {
  const raw = env.CLEARWAY_ADMINISTRATIONS?.trim();
  if (!raw) return new Set(DEFAULT_ADMINISTRATIONS);
  const codes = raw.split(',').map((c) => c.trim().toUpperCase());
  const bad = codes.filter((c) => !/^[A-Z]{2}$/.test(c));
  if (bad.length)
    throw new Error(
      `CLEARWAY_ADMINISTRATIONS: expected ISO country codes such as KZ,CN; got ${bad.join(', ')}`,
    );
  return new Set(codes);
}
