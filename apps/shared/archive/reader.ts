import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { Pool } from 'pg';
import type { HistoryRecord } from '../histories';
import { sha256 } from './archiver';
import { postgresArchiveStore, storeOf, type ArchiveStore } from './store';

export interface ArchivedRun {
  runId: string;
  workflowType: string;
  status: string;
  startTime: string;
  closeTime: string;
  /** The history as Temporal's JSON, payloads as stored (encrypted). */
  history: unknown;
}

export interface ArchivedCase {
  caseId: string;
  kind: string;
  country: string | null;
  office: string | null;
  status: string;
  closedAt: string;
  archivedAt: string;
  sha256: string;
  /** The hash taken again over the stored document equals the one stored with it. */
  verified: boolean;
  legalHold: { reason: string; placedBy: string; placedAt: string } | null;
  runs: ArchivedRun[];
  timeline: unknown[];
}

/**
 * A case from the archive, its hash checked; undefined when it was never archived (or purged). The
 * document comes from the store its row names (`store`: the configured one, needed for a bucket).
 * A document missing from the bucket, or one that is not JSON any more, reads as not verified.
 */
export async function readArchivedCase(
  pool: Pool,
  caseId: string,
  store: ArchiveStore = postgresArchiveStore,
): Promise<ArchivedCase | undefined> {
  const { rows } = await pool.query(
    `SELECT a.*, h.reason AS hold_reason, h.placed_by AS hold_by, h.placed_at AS hold_at
       FROM case_archive a LEFT JOIN legal_holds h USING (case_id) WHERE a.case_id = $1`,
    [caseId],
  );
  const r = rows[0];
  if (!r) return undefined;
  const stored = { document: r.document as string | null, objectKey: r.object_key as string | null };
  const text = await storeOf(stored, store).read(stored);
  const verified = text !== undefined && sha256(text) === r.sha256;
  const doc = verified
    ? (JSON.parse(text) as { runs: ArchivedRun[]; timeline: unknown[] })
    : parsedOrEmpty(text);
  return {
    caseId,
    kind: r.kind,
    country: r.country,
    office: r.office,
    status: r.status,
    closedAt: (r.closed_at as Date).toISOString(),
    archivedAt: (r.archived_at as Date).toISOString(),
    sha256: r.sha256,
    verified,
    legalHold: r.hold_reason
      ? { reason: r.hold_reason, placedBy: r.hold_by, placedAt: (r.hold_at as Date).toISOString() }
      : null,
    runs: doc.runs,
    timeline: doc.timeline,
  };
}

/** An unverified document's content as far as it still parses: shown, never trusted. */
function parsedOrEmpty(text: string | undefined): { runs: ArchivedRun[]; timeline: unknown[] } {
  try {
    const doc = JSON.parse(text ?? '') as Partial<{ runs: ArchivedRun[]; timeline: unknown[] }>;
    return {
      runs: Array.isArray(doc.runs) ? doc.runs : [],
      timeline: Array.isArray(doc.timeline) ? doc.timeline : [],
    };
  } catch {
    return { runs: [], timeline: [] };
  }
}

/** Where an archived case belongs (its country and office), without reading its document. */
export async function archivedPlace(
  pool: Pool,
  caseId: string,
): Promise<{ country: string; office?: string } | undefined> {
  const { rows } = await pool.query<{ country: string | null; office: string | null }>(
    'SELECT country, office FROM case_archive WHERE case_id = $1',
    [caseId],
  );
  return rows[0]?.country ? { country: rows[0].country, office: rows[0].office ?? undefined } : undefined;
}

/** Each archived run as a history the replayer takes (the workflow id repeats across runs). */
export function archivedHistories(c: ArchivedCase): HistoryRecord[] {
  return c.runs.map((r) => ({ workflowId: c.caseId, history: historyFromJSON(r.history) }));
}

/** Places (or restates) a legal hold: the case's archive outlives the archive's retention. */
export async function placeLegalHold(pool: Pool, caseId: string, reason: string, by: string): Promise<void> {
  await pool.query(
    `INSERT INTO legal_holds (case_id, reason, placed_by) VALUES ($1, $2, $3)
     ON CONFLICT (case_id) DO UPDATE SET reason = EXCLUDED.reason, placed_by = EXCLUDED.placed_by, placed_at = now()`,
    [caseId, reason, by],
  );
}

export async function liftLegalHold(pool: Pool, caseId: string): Promise<boolean> {
  return ((await pool.query('DELETE FROM legal_holds WHERE case_id = $1', [caseId])).rowCount ?? 0) > 0;
}
