import crypto from 'node:crypto';
import type { Pool } from 'pg';
import type { OutboxMessage } from '../../contracts/projection';
import { inTransaction } from '../db/transaction';
import { postWebhook } from './webhook-target';
import { startPassLoop } from '../loop';

/**
 * The exchange outbox (table `outbox`, migration 0001): rows are written by activities keyed by
 * message id, so a retried activity enqueues nothing twice; a delivery loop posts them to the
 * subscribers' webhooks with retries and exponential back-off. The message id travels as the
 * `Idempotency-Key` header: a receiver that sees it twice knows it is the same message.
 */
export type { OutboxMessage as OutboxEntry } from '../../contracts/projection';

/** Inserts the rows on `db` (a pool, or the client of a transaction the caller holds). */
export async function enqueueOutbox(db: Pick<Pool, 'query'>, entries: OutboxMessage[]): Promise<number> {
  let inserted = 0;
  for (const m of entries) {
    const res = await db.query(
      `INSERT INTO outbox (message_id, case_id, destination, type, payload) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (message_id) DO NOTHING`,
      [m.messageId, m.caseId, m.destination, m.type, JSON.stringify(m.payload)],
    );
    inserted += res.rowCount ?? 0;
  }
  return inserted;
}

export interface DeliveryOptions {
  /** Rows per pass. */
  batch?: number;
  /** Back-off after the n-th failure: min(maxBackoffMs, baseBackoffMs * 2^(n-1)). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** After this many failed attempts a message is parked (left undelivered, `next_attempt` = infinity). */
  maxAttempts?: number;
  timeoutMs?: number;
  /** Deliver to loopback, private and link-local addresses too (CLEARWAY_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate?: boolean;
  log?: (msg: string) => void;
  /** Told the outcome of every pass (the worker's delivery counters). */
  onPass?: (pass: DeliveryPass) => void;
}

export interface DeliveryPass {
  delivered: number;
  failed: number;
}

/**
 * One delivery pass: takes due rows whose destination has a webhook subscription (rows are claimed
 * with FOR UPDATE SKIP LOCKED, so several workers may run loops side by side), POSTs each, and marks
 * it delivered (2xx) or schedules the next attempt. Rows without a subscription stay queued.
 */
export async function deliverOutboxOnce(pool: Pool, opts: DeliveryOptions = {}): Promise<DeliveryPass> {
  const {
    batch = 50,
    baseBackoffMs = 1_000,
    maxBackoffMs = 3_600_000,
    maxAttempts = 20,
    timeoutMs = 10_000,
  } = opts;
  const pass: DeliveryPass = { delivered: 0, failed: 0 };
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{
      message_id: string;
      case_id: string;
      type: string;
      payload: unknown;
      attempts: number;
      url: string;
      secret: string | null;
      created_at: Date;
    }>(
      `SELECT o.message_id, o.case_id, o.type, o.payload, o.attempts, o.created_at, s.url, s.secret
         FROM outbox o JOIN webhook_subscriptions s ON o.destination = 'clearance-system:' || s.subscriber
        WHERE o.delivered_at IS NULL AND o.next_attempt <= now()
        ORDER BY o.next_attempt, o.created_at LIMIT $1 FOR UPDATE OF o SKIP LOCKED`,
      [batch],
    );
    for (const r of rows) {
      const body = JSON.stringify({
        messageId: r.message_id,
        caseId: r.case_id,
        type: r.type,
        createdAt: r.created_at,
        payload: r.payload,
      });
      let error: string | undefined;
      try {
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'idempotency-key': r.message_id,
        };
        if (r.secret)
          headers['x-clearway-signature'] =
            'sha256=' + crypto.createHmac('sha256', r.secret).update(body).digest('hex');
        const status = await postWebhook(r.url, body, headers, {
          allowPrivate: opts.allowPrivate ?? false,
          timeoutMs,
        });
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (err) {
        error = (err as Error).message ?? String(err);
      }
      if (!error) {
        await client.query(
          'UPDATE outbox SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE message_id = $1',
          [r.message_id],
        );
        pass.delivered++;
      } else {
        const attempts = r.attempts + 1;
        const backoff = Math.min(maxBackoffMs, baseBackoffMs * 2 ** (attempts - 1));
        await client.query(
          `UPDATE outbox SET attempts = $2::int, last_error = $3,
             next_attempt = CASE WHEN $2::int >= $5::int THEN 'infinity'::timestamptz ELSE now() + ($4 || ' milliseconds')::interval END
           WHERE message_id = $1`,
          [r.message_id, attempts, error.slice(0, 500), String(backoff), maxAttempts],
        );
        pass.failed++;
        opts.log?.(`[outbox] ${r.message_id} -> ${r.url}: ${error} (attempt ${attempts})`);
      }
    }
  });
  return pass;
}

/**
 * The delivery loop a worker process runs beside its Temporal worker: a pass every `intervalMs`
 * (sooner while there is work). Returns `stop()`, which waits for the pass in flight.
 */
export function startOutboxDelivery(
  pool: Pool,
  opts: DeliveryOptions & { intervalMs?: number } = {},
): { stop(): Promise<void> } {
  return startPassLoop(
    () =>
      deliverOutboxOnce(pool, opts).then((p) => {
        opts.onPass?.(p);
        return p.delivered + p.failed;
      }),
    {
      intervalMs: opts.intervalMs ?? 1_000,
      failed: (err) => opts.log?.(`[outbox] delivery pass failed: ${err.message}`),
    },
  );
}

export async function setWebhookSubscription(
  pool: Pool,
  subscriber: string,
  url: string,
  secret?: string,
): Promise<void> {
  await pool.query(
    `INSERT INTO webhook_subscriptions (subscriber, url, secret) VALUES ($1,$2,$3)
     ON CONFLICT (subscriber) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret`,
    [subscriber, url, secret ?? null],
  );
}
