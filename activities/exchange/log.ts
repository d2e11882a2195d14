import crypto from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { canonicalJson } from '../../domain/exchange/envelope';
import { inTransaction } from '../db/transaction';

/**
 * The tamper-evident exchange log (table `exchange_log`, migration 1000): one hash chain per partner
 * administration. A row's hash is SHA-256 over the canonical JSON of the previous hash and the row's
 * own fields, so editing, deleting or inserting a row breaks the chain from there on; an operator
 * (or an auditor holding a copy of a later hash) finds where with `clearway exchange verify`.
 */
export interface LogEntry {
  partner: string;
  direction: 'sent' | 'received';
  messageId: string;
  type: string;
  messageJws: string;
  answerJws: string;
}

interface LogRow {
  partner: string;
  seq: string;
  direction: string;
  message_id: string;
  type: string;
  message_jws: string;
  answer_jws: string;
  at: Date;
  prev_hash: string;
  hash: string;
}

export const GENESIS = '0'.repeat(64);

const rowHash = (prev: string, seq: number, e: LogEntry, at: Date): string =>
  crypto
    .createHash('sha256')
    .update(
      canonicalJson({
        prev,
        seq,
        partner: e.partner,
        direction: e.direction,
        messageId: e.messageId,
        type: e.type,
        message: e.messageJws,
        answer: e.answerJws,
        at: at.toISOString(),
      }),
    )
    .digest('hex');

/**
 * Appends on the caller's transaction (`client` has run BEGIN), after the partner's chain lock, so
 * two appends never take the same place. A message already in the chain in that direction is not
 * appended again: returns false.
 */
export async function appendToLog(client: PoolClient, e: LogEntry, at = new Date()): Promise<boolean> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('exchange_log:' || $1))`, [e.partner]);
  const seen = await client.query(
    'SELECT 1 FROM exchange_log WHERE partner = $1 AND direction = $2 AND message_id = $3',
    [e.partner, e.direction, e.messageId],
  );
  if (seen.rowCount) return false;
  const last = await client.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM exchange_log WHERE partner = $1 ORDER BY seq DESC LIMIT 1',
    [e.partner],
  );
  const prev = last.rows[0]?.hash ?? GENESIS;
  const seq = Number(last.rows[0]?.seq ?? 0) + 1;
  // Milliseconds only: the time the hash covers is the time PostgreSQL gives back.
  const when = new Date(Math.floor(at.getTime()));
  await client.query(
    `INSERT INTO exchange_log (partner, seq, direction, message_id, type, message_jws, answer_jws, at, prev_hash, hash)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [
      e.partner,
      seq,
      e.direction,
      e.messageId,
      e.type,
      e.messageJws,
      e.answerJws,
      when,
      prev,
      rowHash(prev, seq, e, when),
    ],
  );
  return true;
}

/** Appends in a transaction of its own. */
export const logExchange = (pool: Pool, e: LogEntry): Promise<boolean> =>
  inTransaction(pool, (c) => appendToLog(c, e));

export interface ChainReport {
  partner: string;
  rows: number;
  /** The first row that does not follow from the one before it. */
  firstBreak?: { seq: number; reason: string };
}

/** Walks each partner's chain (or one partner's) from its first row and reports the first break. */
export async function verifyChains(pool: Pool, partner?: string): Promise<ChainReport[]> {
  const partners = partner
    ? [partner]
    : (
        await pool.query<{ partner: string }>('SELECT DISTINCT partner FROM exchange_log ORDER BY partner')
      ).rows.map((r) => r.partner);
  const reports: ChainReport[] = [];
  for (const p of partners) {
    const report: ChainReport = { partner: p, rows: 0 };
    let prev = GENESIS;
    let after = 0;
    for (;;) {
      const { rows } = await pool.query<LogRow>(
        'SELECT * FROM exchange_log WHERE partner = $1 AND seq > $2 ORDER BY seq LIMIT 1000',
        [p, after],
      );
      for (const r of rows) {
        const seq = Number(r.seq);
        const reason =
          seq !== report.rows + 1
            ? `row ${report.rows + 1} is missing`
            : r.prev_hash !== prev
              ? 'its previous hash is not the hash of the row before'
              : r.hash !==
                  rowHash(
                    prev,
                    seq,
                    {
                      partner: r.partner,
                      direction: r.direction as LogEntry['direction'],
                      messageId: r.message_id,
                      type: r.type,
                      messageJws: r.message_jws,
                      answerJws: r.answer_jws,
                    },
                    r.at,
                  )
                ? 'its content does not match its hash'
                : undefined;
        if (reason) {
          report.firstBreak = { seq: seq !== report.rows + 1 ? report.rows + 1 : seq, reason };
          break;
        }
        report.rows++;
        prev = r.hash;
        after = seq;
      }
      if (report.firstBreak || rows.length < 1000) break;
    }
    reports.push(report);
  }
  return reports;
}
