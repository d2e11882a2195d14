import type { Pool } from 'pg';

/**
 * Dead letters for operators: messages the outbox gave up on, with the reason, and the operator's
 * retry, which puts one back in the queue for a fresh series of attempts (attempts from zero, due
 * now) and records who asked. A message's country is its case's (`cases.country`), else the country
 * prefix of the office its destination names, so a supervisor sees only their administrations'.
 */
export interface DeadLetter {
  messageId: string;
  caseId: string;
  destination: string;
  type: string;
  country: string | null;
  attempts: number;
  reason: string | null;
  deadAt: string;
  createdAt: string;
}

const COUNTRY = `coalesce((SELECT c.country FROM cases c WHERE c.case_id = o.case_id),
  CASE WHEN split_part(o.destination, ':', 1) IN ('office', 'supervisor')
  THEN upper(left(split_part(o.destination, ':', 2), 2)) END)`;

export async function listDeadLetters(
  pool: Pool,
  countries: readonly string[],
  limit = 200,
): Promise<DeadLetter[]> {
  const { rows } = await pool.query<DeadLetter>(
    `SELECT o.message_id AS "messageId", o.case_id AS "caseId", o.destination, o.type,
            ${COUNTRY} AS country, o.attempts, o.dead_reason AS reason,
            o.dead_at AS "deadAt", o.created_at AS "createdAt"
       FROM outbox o
      WHERE o.dead_at IS NOT NULL AND ${COUNTRY} = ANY($1::text[])
      ORDER BY o.dead_at DESC LIMIT $2`,
    [[...countries], limit],
  );
  return rows.map((r) => ({
    ...r,
    deadAt: new Date(r.deadAt).toISOString(),
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}

/** Back in the queue; undefined when no dead letter of those countries has that id. */
export async function retryDeadLetter(
  pool: Pool,
  messageId: string,
  countries: readonly string[],
  by: string,
): Promise<{ messageId: string; retriedBy: string } | undefined> {
  const { rows } = await pool.query<{ message_id: string }>(
    `UPDATE outbox o SET dead_at = NULL, dead_reason = NULL, attempts = 0, next_attempt = now(),
            lease_owner = NULL, lease_until = NULL, retried_by = $3
      WHERE o.message_id = $1 AND o.dead_at IS NOT NULL AND ${COUNTRY} = ANY($2::text[])
      RETURNING o.message_id`,
    [messageId, [...countries], by],
  );
  return rows[0] ? { messageId: rows[0].message_id, retriedBy: by } : undefined;
}
