import crypto from 'node:crypto';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { Pool } from 'pg';
import { Country, Office } from '../../../contracts/search-attributes';
import { historyAsJson } from '../histories';
import { startPassLoop } from '../../../activities/loop';
import { postgresArchiveStore, storeOf, type ArchiveStore } from './store';

/**
 * The archiver: every closed case's full history (each run, across continue-as-new), its domain
 * timeline from the read model and a SHA-256 over both, written to `case_archive` soon after the
 * case closes, long before the namespace's retention purges it (docs/operations.md, "Archives").
 * Payloads stay as Temporal stored them, encrypted: the archive is no weaker than the history.
 * The document goes to the configured store (./store.ts); the row is written either way.
 */

/** How a closed chain of runs may end; ContinuedAsNew is not an end, Running not closed. */
const CLOSED = `ExecutionStatus != 'Running' AND ExecutionStatus != 'ContinuedAsNew'`;
/** Visibility is eventually consistent: look back this far behind the newest archived close. */
const LOOK_BACK_MS = 10 * 60_000;

export interface ArchiveDeps {
  pool: Pool;
  client: Client;
  /** Where documents go; the PostgreSQL row by default. */
  store?: ArchiveStore;
  log?: (msg: string) => void;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

async function timelineOf(pool: Pool, caseId: string): Promise<unknown[]> {
  const { rows } = await pool.query(
    `SELECT seq, at, type, state, actor, reason, data FROM case_events WHERE case_id = $1 ORDER BY seq`,
    [caseId],
  );
  return rows.map((r) => ({ ...r, at: (r.at as Date).toISOString() }));
}

/** Archives one closed case: all its runs, oldest first. Returns false if a run is still open. */
export async function archiveCase(deps: ArchiveDeps, caseId: string): Promise<boolean> {
  const runs: WorkflowExecutionInfo[] = [];
  for await (const r of deps.client.workflow.list({ query: `WorkflowId = '${caseId.replace(/'/g, "''")}'` }))
    runs.push(r);
  if (runs.length === 0 || runs.some((r) => r.status.name === 'RUNNING' || !r.closeTime)) return false;
  runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  const last = runs[runs.length - 1];
  const histories = [];
  let events = 0;
  for (const r of runs) {
    const history = await deps.client.workflow.getHandle(caseId, r.runId).fetchHistory();
    events += history.events?.length ?? 0;
    histories.push({
      runId: r.runId,
      workflowType: r.type,
      status: r.status.name,
      startTime: r.startTime.toISOString(),
      closeTime: r.closeTime!.toISOString(),
      history: historyAsJson(history),
    });
  }
  const document = canonicalJson({ caseId, runs: histories, timeline: await timelineOf(deps.pool, caseId) });
  const hash = sha256(document);
  // The document first: a row is only ever written for a document already stored.
  const stored = await (deps.store ?? postgresArchiveStore).write(caseId, document, hash);
  await deps.pool.query(
    `INSERT INTO case_archive (case_id, kind, country, office, status, closed_at, runs, events, document, sha256, object_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (case_id) DO NOTHING`,
    [
      caseId,
      caseId.split('/')[0],
      last.typedSearchAttributes.get(Country) ?? null,
      last.typedSearchAttributes.get(Office) ?? null,
      last.status.name,
      last.closeTime,
      runs.length,
      events,
      stored.document,
      hash,
      stored.objectKey,
    ],
  );
  return true;
}

/** Stores whose bucket was checked (and created when missing) in this process. */
const prepared = new WeakSet<ArchiveStore>();

/**
 * One pass: the cases closed since the watermark (less a look-back for visibility lag) that are not
 * archived yet, oldest close first, at most `limit`; the watermark moves up to the first case left
 * (failed, or beyond the limit), so none is skipped. Then the archive's own retention, sparing holds.
 */
export async function archivePass(
  deps: ArchiveDeps,
  opts: { limit?: number; retentionDays?: number } = {},
): Promise<{ archived: number; failed: number; purged: number }> {
  const limit = opts.limit ?? 200;
  const mark = (await deps.pool.query<{ watermark: Date }>('SELECT watermark FROM archive_progress')).rows[0];
  const since = mark && new Date(mark.watermark.getTime() - LOOK_BACK_MS);
  const query = since ? `${CLOSED} AND CloseTime >= '${since.toISOString()}'` : CLOSED;
  const closed = new Map<string, Date>();
  for await (const wf of deps.client.workflow.list({ query }))
    if (wf.closeTime) closed.set(wf.workflowId, wf.closeTime);
  const done = new Set(
    (
      await deps.pool.query<{ case_id: string }>('SELECT case_id FROM case_archive WHERE case_id = ANY($1)', [
        [...closed.keys()],
      ])
    ).rows.map((r) => r.case_id),
  );
  const todo = [...closed].filter(([id]) => !done.has(id)).sort((a, b) => a[1].getTime() - b[1].getTime());
  if (todo.length && deps.store && !prepared.has(deps.store)) {
    await deps.store.prepare();
    prepared.add(deps.store);
  }
  let archived = 0;
  let failed = 0;
  let left: Date | undefined;
  for (const [id, closeTime] of todo) {
    if (archived + failed >= limit) {
      left ??= closeTime;
      break;
    }
    const ok = await archiveCase(deps, id).catch((err: Error) => {
      deps.log?.(`[archive] ${id}: ${err.message}`);
      return false;
    });
    if (ok) archived++;
    else {
      failed++;
      left ??= closeTime;
    }
  }
  const newest = [...closed.values()].reduce<Date | undefined>((m, t) => (!m || t > m ? t : m), undefined);
  const watermark = left ?? newest;
  if (watermark)
    await deps.pool.query(
      `INSERT INTO archive_progress (id, watermark) VALUES (true, $1)
       ON CONFLICT (id) DO UPDATE SET watermark = EXCLUDED.watermark`,
      [watermark],
    );
  const purged = opts.retentionDays === undefined ? 0 : await purgeExpired(deps, opts.retentionDays);
  if (archived || failed || purged)
    deps.log?.(
      `[archive] ${archived} case(s) archived, ${failed} failed (retried next pass), ${purged} purged`,
    );
  return { archived, failed, purged };
}

/**
 * The archive's own retention, sparing legal holds: decided on the PostgreSQL rows alone, whatever
 * the store. The row goes first (so a hold placed meanwhile is never left on a half-purged case),
 * then its object; an object that fails to go is logged and stays, unreachable, for the operator.
 */
async function purgeExpired(deps: ArchiveDeps, retentionDays: number): Promise<number> {
  const { rows } = await deps.pool.query<{ case_id: string; object_key: string | null }>(
    `DELETE FROM case_archive a WHERE closed_at < now() - make_interval(days => $1)
       AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = a.case_id)
     RETURNING case_id, object_key`,
    [retentionDays],
  );
  for (const r of rows.filter((row) => row.object_key))
    await Promise.resolve()
      .then(() => {
        const row = { document: null, objectKey: r.object_key };
        return storeOf(row, deps.store ?? postgresArchiveStore).remove(row);
      })
      .catch((err: Error) =>
        deps.log?.(`[archive] ${r.case_id}: purged, but its object ${r.object_key} stays: ${err.message}`),
      );
  return rows.length;
}

/** The archiver loop beside the worker: a pass every `intervalMs`, at once again while there is work. */
export function startArchiver(
  deps: ArchiveDeps,
  opts: { intervalMs: number; retentionDays: number },
): { stop(): Promise<void> } {
  return startPassLoop(
    async () => (await archivePass(deps, { retentionDays: opts.retentionDays })).archived,
    {
      intervalMs: opts.intervalMs,
      failed: (err) => deps.log?.(`[archive] pass failed: ${err.message}`),
    },
  );
}
