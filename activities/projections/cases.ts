import type { Pool } from 'pg';
import { inTransaction } from '../db/transaction';
import type { TimelineEvent } from '../../contracts/timeline';

/** What every case view has in common; the projection stores the whole view as JSON beside these. */
export interface ProjectableCase {
  caseId: string;
  kind: string;
  state: string;
  channel?: string;
  office?: string;
  country?: string;
  declarant?: string;
  lrn?: string;
  mrn?: string;
  grn?: string;
  stuck?: boolean;
  stuckSince?: string;
  timeline: TimelineEvent[];
}

/**
 * Upserts the case row and appends timeline events. Idempotent: the version is the timeline length,
 * a write with an older or equal version changes nothing, and events are keyed by (case, seq).
 */
export async function projectCase(pool: Pool, view: ProjectableCase): Promise<void> {
  const version = view.timeline.length;
  const first = view.timeline[0]?.at ?? new Date().toISOString();
  const last = view.timeline[version - 1]?.at ?? first;
  await inTransaction(pool, async (client) => {
    await client.query(
      `INSERT INTO cases (case_id, kind, business_id, state, channel, office, country, declarant, lrn,
                          stuck, stuck_since, version, view, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
       ON CONFLICT (case_id) DO UPDATE SET
         state = EXCLUDED.state, channel = EXCLUDED.channel, office = EXCLUDED.office,
         country = EXCLUDED.country, stuck = EXCLUDED.stuck, stuck_since = EXCLUDED.stuck_since,
         version = EXCLUDED.version, view = EXCLUDED.view, updated_at = EXCLUDED.updated_at
       WHERE cases.version < EXCLUDED.version`,
      [
        view.caseId,
        view.kind,
        view.mrn ?? view.grn ?? view.caseId.split('/').slice(1).join('/'),
        view.state,
        view.channel ?? null,
        view.office ?? null,
        view.country ?? null,
        view.declarant ?? null,
        view.lrn ?? null,
        view.stuck ?? false,
        view.stuckSince ?? null,
        version,
        JSON.stringify(view),
        first,
        last,
      ],
    );
    for (const e of view.timeline) {
      await client.query(
        `INSERT INTO case_events (case_id, seq, at, type, state, actor, reason, data)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (case_id, seq) DO NOTHING`,
        [
          view.caseId,
          e.seq,
          e.at,
          e.type,
          e.state ?? null,
          e.actor,
          e.reason ?? null,
          e.data ? JSON.stringify(e.data) : null,
        ],
      );
    }
  });
}
