import type { Pool } from 'pg';
import type { CaseProjection, OutboxMessage } from '../../contracts/projection';
import type { TimelineEvent } from '../../contracts/timeline';
import { leavesGoodsIndex } from '../alert/goods';
import { outboxInsertSql, outboxParams } from '../outbox';

/**
 * The whole case view, as workflows sent it before they sent a `CaseProjection`. Activities scheduled
 * by such histories may still run (a worker restarted mid-case after the upgrade), so both are taken.
 */
export interface LegacyCaseView {
  caseId: string;
  kind: string;
  state: string;
  channel?: string;
  office?: string;
  country?: string;
  declarant?: string;
  lodgedBy?: string;
  lrn?: string;
  mrn?: string;
  grn?: string;
  stuck?: boolean;
  stuckSince?: string;
  timeline: TimelineEvent[];
}

export function asProjection(input: CaseProjection | LegacyCaseView): CaseProjection {
  if ('events' in input) return input;
  const v = input;
  return {
    caseId: v.caseId,
    kind: v.kind,
    state: v.state,
    businessId: v.mrn ?? v.grn,
    ...(v.channel ? { channel: v.channel } : {}),
    ...(v.office ? { office: v.office } : {}),
    ...(v.country ? { country: v.country } : {}),
    ...(v.declarant ? { declarant: v.declarant } : {}),
    ...(v.lodgedBy ? { owner: v.lodgedBy } : {}),
    ...(v.lrn ? { lrn: v.lrn } : {}),
    stuck: v.stuck ?? false,
    ...(v.stuckSince ? { stuckSince: v.stuckSince } : {}),
    version: v.timeline.length,
    createdAt: v.timeline[0]?.at ?? new Date().toISOString(),
    events: v.timeline,
    details: v as unknown as Record<string, unknown>,
  };
}

/**
 * Upserts the case row and appends timeline events. Idempotent and ordered by (epoch, version): the
 * version is the timeline length, the epoch the workflow task's history length (local activities
 * only, else 0). A write that is not newer changes nothing. A write from a newer epoch replaces the
 * events at its sequence numbers and removes older-epoch events after them: what a lost workflow
 * task wrote before its replacement ran (docs/decisions.md, "A lost workflow task").
 */
export async function projectCase(pool: Pool, input: CaseProjection | LegacyCaseView): Promise<void> {
  await publishCase(pool, asProjection(input), []);
}

/**
 * The whole write as one statement (its own transaction): a round trip each for BEGIN, the row, the
 * events, the stale events, the outbox and COMMIT was most of a write's cost (docs/decisions.md,
 * "CPU per green declaration"). `up` returns a row only when the write is newer; what depends on
 * that reads it. The events it inserts (seq <= version) and the stale ones it deletes (seq >
 * version) are disjoint, as every sub-statement sees the rows as they were before the statement.
 * Named, so each pool connection prepares it once instead of PostgreSQL parsing and planning it on
 * every write: the reason the Temporal server uses pgx.
 */
const WRITE_CASE = `WITH up AS (
    INSERT INTO cases (case_id, kind, business_id, state, channel, office, country, declarant, lrn,
                       stuck, stuck_since, version, view, created_at, updated_at, epoch, owner)
    VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12::int,$13,$14,$15,$16::int,$17)
    ON CONFLICT (case_id) DO UPDATE SET
      owner = COALESCE(EXCLUDED.owner, cases.owner), state = EXCLUDED.state, channel = EXCLUDED.channel, office = EXCLUDED.office,
      country = EXCLUDED.country, stuck = EXCLUDED.stuck, stuck_since = EXCLUDED.stuck_since,
      version = EXCLUDED.version, updated_at = EXCLUDED.updated_at, epoch = EXCLUDED.epoch,
      view = CASE WHEN EXCLUDED.epoch > cases.epoch THEN EXCLUDED.view ELSE cases.view || EXCLUDED.view END
    WHERE (cases.epoch, cases.version) < (EXCLUDED.epoch, EXCLUDED.version)
    RETURNING 1
  ),
  -- activities/alert/goods.ts, leavesGoodsIndex
  unhit AS (DELETE FROM alert_case_hits WHERE $25::boolean AND case_id = $1 AND EXISTS (SELECT 1 FROM up)),
  ungoods AS (DELETE FROM case_goods WHERE $25::boolean AND case_id = $1 AND EXISTS (SELECT 1 FROM up)),
  -- A write older than the row's may still carry events the row lacks (same epoch, retried write).
  events AS (
    INSERT INTO case_events (case_id, seq, at, type, state, actor, reason, data, epoch)
    SELECT $1, e.seq, e.at, e.type, e.state, e.actor, e.reason, e.data, $16::int
      FROM unnest($18::int[], $19::timestamptz[], $20::text[], $21::text[], $22::text[], $23::text[], $24::jsonb[])
        AS e(seq, at, type, state, actor, reason, data)
     WHERE $16::int = 0 OR EXISTS (SELECT 1 FROM up)
    ON CONFLICT (case_id, seq) DO UPDATE SET at = EXCLUDED.at, type = EXCLUDED.type,
      state = EXCLUDED.state, actor = EXCLUDED.actor, reason = EXCLUDED.reason,
      data = EXCLUDED.data, epoch = EXCLUDED.epoch
    WHERE case_events.epoch < EXCLUDED.epoch
  ),
  stale AS (
    DELETE FROM case_events
     WHERE $16::int > 0 AND case_id = $1 AND seq > $12::int AND epoch < $16::int AND EXISTS (SELECT 1 FROM up)
  ),
  messages AS (${outboxInsertSql(26)})
SELECT 1`;

/** The projection and the case's outgoing messages, atomically: one activity, one statement. */
export async function publishCase(pool: Pool, p: CaseProjection, messages: OutboxMessage[]): Promise<void> {
  const last = p.events[p.events.length - 1]?.at ?? p.createdAt;
  await pool.query({
    name: 'clearway-case-write',
    text: WRITE_CASE,
    values: [
      p.caseId,
      p.kind,
      p.businessId ?? p.caseId.split('/').slice(1).join('/'),
      p.state,
      p.channel ?? null,
      p.office ?? null,
      p.country ?? null,
      p.declarant ?? null,
      p.lrn ?? null,
      p.stuck,
      p.stuckSince ?? null,
      p.version,
      JSON.stringify(p.details ?? {}),
      p.createdAt,
      last,
      p.epoch ?? 0,
      p.owner ?? null,
      p.events.map((e) => e.seq),
      p.events.map((e) => e.at),
      p.events.map((e) => e.type),
      p.events.map((e) => e.state ?? null),
      p.events.map((e) => e.actor),
      p.events.map((e) => e.reason ?? null),
      p.events.map((e) => (e.data ? JSON.stringify(e.data) : null)),
      leavesGoodsIndex(p),
      ...outboxParams(messages),
    ],
  });
}
