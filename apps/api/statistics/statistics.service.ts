import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Principal } from '../auth/tokens';
import { PG_POOL } from '../infra/tokens';
import { releaseTimeReport, type CaseMilestones } from './release-times';
import { auditStatistics } from './audit-statistics';
import { borderDwellReport, fetchDwellSamples } from './border-dwell';
import { periodOf, type AuditStatisticsQuery, type ReleaseTimesQuery } from './statistics.schemas';

interface MilestoneRow {
  case_id: string;
  office: string | null;
  channel: string | null;
  arrived_at: string | null;
  lodged_at: Date | null;
  assessed_at: Date | null;
  released_at: Date | null;
}

@Injectable()
export class StatisticsService {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  audits(q: AuditStatisticsQuery, principal: Principal) {
    return auditStatistics(this.pool, q, principal);
  }

  /**
   * Milestones of the declarations lodged in the period, in the caller's scope (countries, and
   * offices when the token is office-scoped), then the figures from the pure module. A declaration's
   * lodgement is its LODGED event (its first event when LODGED is missing).
   */
  async releaseTimes(q: ReleaseTimesQuery, principal: Principal, now = new Date()) {
    const { from, to } = periodOf(q, now);
    const params: unknown[] = [principal.countries, from.toISOString(), to.toISOString()];
    const where = [`c.kind = 'declaration'`, `c.country = ANY($1::text[])`];
    if (principal.offices?.length) {
      params.push(principal.offices);
      where.push(`c.office = ANY($${params.length}::text[])`);
    }
    if (q.office) {
      params.push(q.office);
      where.push(`c.office = $${params.length}`);
    }
    if (q.channel) {
      params.push(q.channel);
      where.push(`c.channel = $${params.length}`);
    }
    const { rows } = await this.pool.query<MilestoneRow>(
      `SELECT * FROM (
         SELECT c.case_id, c.office, c.channel,
                c.view #>> '{declaration,arrivedAt}' AS arrived_at,
                COALESCE(MIN(e.at) FILTER (WHERE e.state = 'LODGED'), MIN(e.at)) AS lodged_at,
                MIN(e.at) FILTER (WHERE e.state = 'RISK_ASSESSED') AS assessed_at,
                MIN(e.at) FILTER (WHERE e.state = 'RELEASED') AS released_at
           FROM cases c JOIN case_events e ON e.case_id = c.case_id
          WHERE ${where.join(' AND ')}
          GROUP BY c.case_id
       ) m
       WHERE m.lodged_at >= $2::timestamptz AND m.lodged_at < $3::timestamptz`,
      params,
    );
    const cases: CaseMilestones[] = rows.map((r) => ({
      caseId: r.case_id,
      office: r.office,
      channel: r.channel,
      arrivedAt: parseDate(r.arrived_at),
      lodgedAt: r.lodged_at,
      riskAssessedAt: r.assessed_at,
      releasedAt: r.released_at,
    }));
    return {
      period: { from: from.toISOString(), to: to.toISOString() },
      filters: { office: q.office, channel: q.channel },
      scope: { countries: principal.countries, offices: principal.offices },
      ...releaseTimeReport(cases),
      /** Joint posts: arrival at the exit post to entry acceptance, per border pair. */
      borderDwell: borderDwellReport(await fetchDwellSamples(this.pool, principal, from, to)),
    };
  }
}

function parseDate(v: string | null): Date | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
