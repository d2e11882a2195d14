import type { Pool } from 'pg';
import { inTransaction } from '../db/transaction';

/**
 * Audit requests in the outbox (type `post-entry-audit-requested`, destination `office:<code>`): the
 * declaration workflow writes one for a BLUE channel (workflows/declaration/channel.ts) and one per
 * intelligence hit after release (after-release.ts); the random sample (sample.ts) writes them too.
 * A dispatch pass starts one audit per request. The audit's id derives from the message id
 * (auditIdOf), and the start refuses a duplicate id, so a redelivered or replayed request never opens
 * a second audit; the declaration workflow's history is not touched.
 */
export const AUDIT_REQUEST_TYPE = 'post-entry-audit-requested';

export interface AuditRequest {
  messageId: string;
  /** The declaration's workflow id, `declaration/<MRN>`. */
  caseId: string;
  /** `office:<code>`: the office of declaration. */
  destination: string;
  payload: { mrn: string; reason: string; alertId?: string; severity?: string };
}

/** A request that can never be met (the declaration was not released, or has no assessment): parked. */
export class RequestRefused extends Error {}

/** Starts the audit a request asks for; `duplicate` when the id was started before. */
export type StartRequestedAudit = (req: AuditRequest) => Promise<'started' | 'duplicate'>;

export interface DispatchOptions {
  batch?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  log?: (msg: string) => void;
}

/**
 * One pass: claims due requests (FOR UPDATE SKIP LOCKED, so several workers may dispatch side by
 * side), starts each audit and marks the row delivered; a failure (Temporal unavailable) backs off
 * exponentially and is tried again; a refused request is parked with its reason (`last_error`,
 * `next_attempt` = infinity), as the webhook delivery parks a message it gave up on.
 */
export async function dispatchAuditRequestsOnce(
  pool: Pool,
  start: StartRequestedAudit,
  opts: DispatchOptions = {},
): Promise<{ started: number; failed: number }> {
  const { batch = 20, baseBackoffMs = 1_000, maxBackoffMs = 600_000 } = opts;
  const pass = { started: 0, failed: 0 };
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{
      message_id: string;
      case_id: string;
      destination: string;
      payload: AuditRequest['payload'];
      attempts: number;
    }>(
      `SELECT message_id, case_id, destination, payload, attempts FROM outbox
        WHERE type = $1 AND delivered_at IS NULL AND next_attempt <= now()
        ORDER BY next_attempt, created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [AUDIT_REQUEST_TYPE, batch],
    );
    for (const r of rows) {
      let error: string | undefined;
      let refused = false;
      try {
        await start({
          messageId: r.message_id,
          caseId: r.case_id,
          destination: r.destination,
          payload: r.payload,
        });
      } catch (err) {
        error = (err as Error).message ?? String(err);
        refused = err instanceof RequestRefused;
      }
      if (!error) {
        await client.query(
          'UPDATE outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE message_id = $1',
          [r.message_id],
        );
        pass.started++;
      } else {
        const attempts = r.attempts + 1;
        const backoff = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (attempts - 1));
        await client.query(
          `UPDATE outbox SET attempts = $2, last_error = $3,
             next_attempt = CASE WHEN $5 THEN 'infinity'::timestamptz ELSE now() + ($4 || ' milliseconds')::interval END
            WHERE message_id = $1`,
          [r.message_id, attempts, error.slice(0, 500), String(backoff), refused],
        );
        pass.failed++;
        opts.log?.(`[audits] request ${r.message_id}: ${error} (attempt ${attempts})`);
      }
    }
  });
  return pass;
}
