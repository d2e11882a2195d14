import type { Pool } from 'pg';
import { Dec } from '../../../domain/money';
import type { Principal } from '../auth/tokens';

/** Alerts that concern the caller's administrations: raised by one, or sent to one. */
const CONCERNS = `kind = 'alert' AND (country = ANY($1::text[]) OR view -> 'recipients' ?| $1::text[])`;

/** The alerts a caller may see, newest first, from the read model (cases, kind `alert`). */
export async function listAlerts(pool: Pool, p: Principal, state: string | undefined, limit: number) {
  const params: unknown[] = [p.countries];
  let where = CONCERNS;
  if (state) {
    params.push(state);
    where += ` AND state = $${params.length}`;
  }
  params.push(limit);
  const { rows } = await pool.query<{
    business_id: string;
    state: string;
    country: string;
    view: Record<string, unknown>;
    created_at: Date;
  }>(
    `SELECT business_id, state, country, view, created_at FROM cases
      WHERE ${where} ORDER BY created_at DESC LIMIT $${params.length}`,
    params,
  );
  return {
    alerts: rows.map((r) => ({
      alertId: r.business_id,
      state: r.state,
      country: r.country,
      subject: r.view.subject,
      severity: r.view.severity,
      validUntil: r.view.validUntil,
      recipients: r.view.recipients,
      matches: r.view.matches,
      controlled: r.view.controlled,
      found: r.view.found,
      raisedAt: r.created_at.toISOString(),
      links: { self: `/v1/alerts/${r.business_id}` },
    })),
  };
}

/**
 * `GET /v1/statistics/alerts`: per raising administration among the caller's, the alerts raised,
 * still active, their matches, the matches controlled and those where something was found, and the
 * hit rate (found / controlled, a decimal string).
 */
export async function alertFigures(pool: Pool, p: Principal) {
  const { rows } = await pool.query<{
    country: string;
    raised: string;
    active: string;
    matches: string;
    controlled: string;
    found: string;
  }>(
    `SELECT country, count(*) AS raised, count(*) FILTER (WHERE state = 'ACTIVE') AS active,
            coalesce(sum((view ->> 'matches')::int), 0) AS matches,
            coalesce(sum((view ->> 'controlled')::int), 0) AS controlled,
            coalesce(sum((view ->> 'found')::int), 0) AS found
       FROM cases WHERE kind = 'alert' AND country = ANY($1::text[])
      GROUP BY country ORDER BY country`,
    [p.countries],
  );
  return {
    byCountry: rows.map((r) => {
      const controlled = Number(r.controlled);
      const found = Number(r.found);
      return {
        country: r.country,
        raised: Number(r.raised),
        active: Number(r.active),
        matches: Number(r.matches),
        controlled,
        found,
        hitRate: controlled ? new Dec(found).div(controlled).toDecimalPlaces(4).toString() : '0',
      };
    }),
  };
}
