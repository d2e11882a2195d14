/**
 * Which administrations a node serves (issue 15, point 1): `CLEARWAY_ADMINISTRATIONS`, a comma list
 * of ISO codes among the region's; unset, all of them (the all-in-one deployment). A node starts no
 * case at an office of a country it does not serve, and a token of only other countries gets nothing
 * from it (docs/operations.md, "A node per administration").
 */
export const REGION_ADMINISTRATIONS = ['CN', 'KG', 'KZ', 'TJ', 'UZ'] as const;

/** The codes of a comma list, upper-cased and deduplicated; an error names every code not in the region. */
export function parseAdministrations(value: string): string[] {
  const codes = [
    ...new Set(
      value
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
  const unknown = codes.filter((c) => !(REGION_ADMINISTRATIONS as readonly string[]).includes(c));
  if (unknown.length)
    throw new Error(
      `${unknown.join(', ')}: not an administration of the region (${REGION_ADMINISTRATIONS.join(', ')})`,
    );
  if (!codes.length) throw new Error(`names no administration (${REGION_ADMINISTRATIONS.join(', ')})`);
  return codes;
}

export function servedAdministrations(env: NodeJS.ProcessEnv = process.env): ReadonlySet<string> {
  const value = env.CLEARWAY_ADMINISTRATIONS?.trim();
  return new Set(value ? parseAdministrations(value) : REGION_ADMINISTRATIONS);
}

/** The set a loaded configuration names (the API and worker hold a parsed Config, not the raw environment). */
export const servedBy = (config: { CLEARWAY_ADMINISTRATIONS?: string }): ReadonlySet<string> =>
  servedAdministrations({ CLEARWAY_ADMINISTRATIONS: config.CLEARWAY_ADMINISTRATIONS });
