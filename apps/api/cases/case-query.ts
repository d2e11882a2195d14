import { z } from 'zod';
import type { Principal } from '../auth/tokens';

/** ISO 8601 duration (PnDTnHnMnS, PnW) -> milliseconds; months and years are refused (not fixed lengths). */
export function isoDurationMs(value: string): number | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) return undefined;
  const [, w, d, h, min, s] = m;
  return (
    (Number(w ?? 0) * 7 + Number(d ?? 0)) * 86_400_000 +
    Number(h ?? 0) * 3_600_000 +
    Number(min ?? 0) * 60_000 +
    Math.round(Number(s ?? 0) * 1000)
  );
}

const code = z.string().regex(/^[A-Z0-9_-]{1,40}$/, 'letters, digits, - and _ only');

/** Filters of `GET /v1/cases`; values go into a visibility query, so each one is validated first. */
export const CaseFiltersSchema = z.object({
  kind: z.enum(['declaration', 'transit', 'arrival', 'guarantee', 'audit', 'alert']).optional(),
  state: code.optional(),
  channel: z.enum(['GREEN', 'YELLOW', 'RED', 'BLUE', 'QUERY']).optional(),
  office: code.optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2')
    .optional(),
  stuck: z.enum(['true', 'false']).optional(),
  olderThan: z
    .string()
    .refine((v) => isoDurationMs(v) !== undefined, 'an ISO 8601 duration such as PT4H or P2D')
    .optional(),
  running: z.enum(['true', 'false']).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  pageToken: z.string().max(4096).optional(),
});
export type CaseFilters = z.infer<typeof CaseFiltersSchema>;

const quote = (v: string) => `'${v.replace(/'/g, '')}'`;

/**
 * The Temporal visibility query for a listing, always narrowed to the caller's scope: its countries,
 * and its offices when the token is office-scoped. Scope comes from the token, never from the query.
 */
export function buildCaseQuery(f: CaseFilters, principal: Principal, now: Date): string {
  const parts: string[] = [];
  parts.push(`Country IN (${principal.countries.map(quote).join(', ')})`);
  if (principal.offices?.length) parts.push(`Office IN (${principal.offices.map(quote).join(', ')})`);
  if (f.kind) parts.push(`CaseKind = ${quote(f.kind)}`);
  if (f.state) parts.push(`CaseState = ${quote(f.state)}`);
  if (f.channel) parts.push(`Channel = ${quote(f.channel)}`);
  if (f.office) parts.push(`Office = ${quote(f.office)}`);
  if (f.country) parts.push(`Country = ${quote(f.country)}`);
  if (f.stuck) parts.push(`Stuck = ${f.stuck}`);
  if (f.running)
    parts.push(f.running === 'true' ? `ExecutionStatus = 'Running'` : `ExecutionStatus != 'Running'`);
  if (f.olderThan) {
    const before = new Date(now.getTime() - isoDurationMs(f.olderThan)!);
    parts.push(`StartTime < '${before.toISOString()}'`);
  }
  return parts.join(' AND ');
}
