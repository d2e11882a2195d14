import type { Pool } from 'pg';
import type { Principal } from '../auth/tokens';
import { percentile } from './release-times';

/**
 * Border dwell time at joint posts (docs/joint-control.md): from the arrival at the exit post to the
 * entry side's acceptance, per border pair (crossing, exit office, entry office). Shown beside the TRS
 * segments of /v1/statistics/release-times. A joint control not yet accepted (or refused) has no dwell.
 */
export interface DwellSample {
  border: string;
  exitOffice: string;
  entryOffice: string;
  arrivedAt: Date;
  acceptedAt: Date | null;
  noStop: boolean;
}

export interface BorderPairFigures {
  border: string;
  exitOffice: string;
  entryOffice: string;
  /** Joint controls that arrived in the period, and of those the ones accepted (with a dwell time). */
  arrived: number;
  accepted: number;
  noStop: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

const round3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

export function borderDwellReport(samples: readonly DwellSample[]): BorderPairFigures[] {
  const pairs = new Map<string, DwellSample[]>();
  for (const s of samples) {
    const k = `${s.border}|${s.exitOffice}|${s.entryOffice}`;
    pairs.set(k, [...(pairs.get(k) ?? []), s]);
  }
  return [...pairs.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, group]) => {
      const dwell = group
        .filter((s) => s.acceptedAt && s.acceptedAt >= s.arrivedAt)
        .map((s) => (s.acceptedAt!.getTime() - s.arrivedAt.getTime()) / 1000);
      const { border, exitOffice, entryOffice } = group[0];
      return {
        border,
        exitOffice,
        entryOffice,
        arrived: group.length,
        accepted: dwell.length,
        noStop: group.filter((s) => s.noStop).length,
        medianSeconds: round3(percentile(dwell, 0.5)),
        p90Seconds: round3(percentile(dwell, 0.9)),
      };
    });
}

/** The joint controls of the caller's countries (either side) that arrived in [from, to). */
export async function fetchDwellSamples(
  pool: Pool,
  p: Principal,
  from: Date,
  to: Date,
): Promise<DwellSample[]> {
  const { rows } = await pool.query<{
    border: string;
    exit_office: string;
    entry_office: string;
    arrived_at: Date;
    accepted_at: Date | null;
    no_stop: boolean;
  }>(
    `SELECT c.view->>'border' AS border, c.view #>> '{exit,office}' AS exit_office,
            c.view #>> '{entry,office}' AS entry_office,
            MIN(e.at) FILTER (WHERE e.state = 'ARRIVED') AS arrived_at,
            MIN(e.at) FILTER (WHERE e.state = 'ENTRY_ACCEPTED') AS accepted_at,
            COALESCE((c.view->>'noStop')::boolean, false) AS no_stop
       FROM cases c JOIN case_events e ON e.case_id = c.case_id
      WHERE c.kind = 'joint-control'
        AND (c.country = ANY($1::text[]) OR c.view #>> '{entry,country}' = ANY($1::text[]))
      GROUP BY c.case_id
     HAVING MIN(e.at) FILTER (WHERE e.state = 'ARRIVED') >= $2::timestamptz
        AND MIN(e.at) FILTER (WHERE e.state = 'ARRIVED') < $3::timestamptz`,
    [p.countries, from.toISOString(), to.toISOString()],
  );
  return rows.map((r) => ({
    border: r.border,
    exitOffice: r.exit_office,
    entryOffice: r.entry_office,
    arrivedAt: r.arrived_at,
    acceptedAt: r.accepted_at,
    noStop: r.no_stop,
  }));
}
