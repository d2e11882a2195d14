import type { Pool } from 'pg';
import type { DeliveryOutcome, OutgoingMessage } from './senders';

/**
 * The outbox's delivery state, one short statement at a time (migration 1010): a claim sets a lease
 * on due messages and commits at once; the attempt runs with no transaction open; its outcome is
 * recorded in a statement of its own. A lease that runs out (a worker killed mid-attempt) frees the
 * message for another claim; a stale holder cannot overwrite the newer claim's outcome (the failure
 * update names its lease), and a success is recorded whoever holds the lease, because it happened.
 */
export interface Claimed extends OutgoingMessage {
  lease: string;
}

export async function claimDue(
  pool: Pool,
  lease: string,
  opts: { limit: number; leaseMs: number; filter: { sql: string; params: unknown[] } },
): Promise<Claimed[]> {
  const { rows } = await pool.query<{
    message_id: string;
    case_id: string;
    destination: string;
    type: string;
    payload: Record<string, unknown>;
    created_at: Date;
    attempts: number;
  }>(
    `UPDATE outbox SET lease_owner = $1, lease_until = now() + ($2 || ' milliseconds')::interval
      WHERE message_id IN (
        SELECT o.message_id FROM outbox o
         WHERE o.delivered_at IS NULL AND o.dead_at IS NULL AND o.next_attempt <= now()
           AND (o.lease_until IS NULL OR o.lease_until < now()) AND ${opts.filter.sql}
         ORDER BY o.next_attempt, o.created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING message_id, case_id, destination, type, payload, created_at, attempts`,
    [lease, String(opts.leaseMs), opts.limit, ...opts.filter.params],
  );
  return rows.map((r) => ({
    lease,
    messageId: r.message_id,
    caseId: r.case_id,
    destination: r.destination,
    type: r.type,
    payload: r.payload,
    createdAt: r.created_at,
    attempts: r.attempts,
  }));
}

export interface Backoff {
  baseBackoffMs: number;
  maxBackoffMs: number;
  maxAttempts: number;
}

/** Delay before the next attempt after the n-th failure: min(max, base * 2^(n-1)). */
export const backoffMs = (b: Backoff, failures: number): number =>
  Math.min(b.maxBackoffMs, b.baseBackoffMs * 2 ** (failures - 1));

export type Recorded = 'delivered' | 'failed' | 'dead-lettered' | 'lease-lost';

/** Records one attempt's outcome; a permanent refusal or the last allowed attempt dead-letters. */
export async function recordOutcome(
  pool: Pool,
  m: Claimed,
  outcome: DeliveryOutcome,
  b: Backoff,
): Promise<Recorded> {
  if (outcome.ok) {
    await pool.query(
      `UPDATE outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL,
              lease_owner = NULL, lease_until = NULL
        WHERE message_id = $1 AND delivered_at IS NULL`,
      [m.messageId],
    );
    return 'delivered';
  }
  const attempts = m.attempts + 1;
  const dead = outcome.permanent || attempts >= b.maxAttempts;
  const reason = (
    outcome.permanent
      ? outcome.reason
      : dead
        ? `${outcome.reason} (after ${attempts} attempts)`
        : outcome.reason
  ).slice(0, 500);
  const res = await pool.query(
    `UPDATE outbox SET attempts = $2::int, last_error = $3, lease_owner = NULL, lease_until = NULL,
            next_attempt = CASE WHEN $5 THEN 'infinity'::timestamptz ELSE now() + ($4 || ' milliseconds')::interval END,
            dead_at = CASE WHEN $5 THEN now() END, dead_reason = CASE WHEN $5 THEN $3 END
      WHERE message_id = $1 AND lease_owner = $6 AND delivered_at IS NULL`,
    [m.messageId, attempts, reason, String(backoffMs(b, attempts)), dead, m.lease],
  );
  if (!res.rowCount) return 'lease-lost';
  return dead ? 'dead-lettered' : 'failed';
}
