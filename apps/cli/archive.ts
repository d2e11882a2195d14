import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { loadConfig } from '../../config/env';
import { createPool } from '../../activities/db/pool';
import { archiveStoreFor, archivedHistories, readArchivedCase } from '../shared/archive';
import { fetchHistory, type HistoryRecord } from '../shared/histories';

/**
 * The case's histories: its current run from Temporal, or, once Temporal has purged it (retention),
 * every archived run from the archive (apps/shared/archive), refused if its hash does not verify.
 */
export async function historiesOf(client: Client, caseId: string): Promise<HistoryRecord[]> {
  try {
    return [await fetchHistory(client, caseId)];
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError) && !/not found/i.test((err as Error).message)) throw err;
  }
  return archivedRunsOf(caseId);
}

/** Every archived run of a case, refused if the archive's hash does not verify. */
export async function archivedRunsOf(caseId: string): Promise<HistoryRecord[]> {
  const config = loadConfig();
  const pool = createPool(config.databaseUrl, 1);
  try {
    const archived = await readArchivedCase(pool, caseId, archiveStoreFor(config));
    if (!archived) throw new Error(`${caseId}: neither Temporal nor the archive has it`);
    if (!archived.verified)
      throw new Error(`${caseId}: the archive's SHA-256 does not verify (${archived.sha256})`);
    return archivedHistories(archived);
  } finally {
    await pool.end();
  }
}

/** Every archived case id (for `clearway replay --archived`), oldest close first. */
export async function archivedCaseIds(): Promise<string[]> {
  const pool = createPool(loadConfig().databaseUrl, 1);
  try {
    return (
      await pool.query<{ case_id: string }>('SELECT case_id FROM case_archive ORDER BY closed_at')
    ).rows.map((r) => r.case_id);
  } finally {
    await pool.end();
  }
}
