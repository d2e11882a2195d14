import type { Pool } from 'pg';
import { payloadHash } from '../declarations/identity';
import type { ExchangeOutcome } from './dto';

/** What recording a message came to: an outcome (new or stored), or nothing stored and why. */
export type Recorded =
  { kind: 'outcome'; outcome: ExchangeOutcome } | { kind: 'other-content' } | { kind: 'no-movement' };

/** A partner message as the inbox keeps it, under its sender (`source`) and the sender's id. */
export interface InboxEntry {
  messageId: string;
  source: string;
  caseId: string;
  type: string;
  payload: unknown;
}

/**
 * Stores a partner message once per (source, message id) (table `inbox`, migration 0700), for every
 * door: `apply` when it is to be applied, also when an earlier delivery stopped half-way (the row is
 * still RECEIVED and each door applies idempotently); a repeat gets the stored outcome, marked
 * `duplicate`; the same id with other content is refused and changes nothing.
 */
export async function claimInbox(pool: Pool, m: InboxEntry): Promise<{ kind: 'apply' } | Recorded> {
  const hash = payloadHash(m.payload);
  const inserted = await pool.query(
    `INSERT INTO inbox (message_id, source, case_id, type, payload, payload_hash) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (source, message_id) DO NOTHING`,
    [m.messageId, m.source, m.caseId, m.type, JSON.stringify(m.payload), hash],
  );
  if (inserted.rowCount) return { kind: 'apply' };
  const { rows } = await pool.query<{
    payload_hash: string;
    status: string;
    outcome: ExchangeOutcome | null;
  }>('SELECT payload_hash, status, outcome FROM inbox WHERE source = $1 AND message_id = $2', [
    m.source,
    m.messageId,
  ]);
  const row = rows[0];
  if (row && row.payload_hash !== hash) return { kind: 'other-content' };
  if (row && row.status !== 'RECEIVED' && row.outcome)
    return { kind: 'outcome', outcome: { ...row.outcome, duplicate: true } };
  return { kind: 'apply' };
}

/** Keeps the outcome with the message: what every repeat of it is answered. */
export async function settleInbox(pool: Pool, source: string, outcome: ExchangeOutcome): Promise<Recorded> {
  await pool.query(
    `UPDATE inbox SET status = $3, outcome = $4, applied_at = now() WHERE source = $1 AND message_id = $2`,
    [source, outcome.messageId, outcome.status, JSON.stringify(outcome)],
  );
  return { kind: 'outcome', outcome };
}
