import type { Pool } from 'pg';
import type { OutboxMessage } from '../../contracts/projection';

/**
 * The exchange outbox (table `outbox`, migration 0001): rows are written by activities keyed by
 * message id, so a retried activity enqueues nothing twice; the delivery loop (delivery.ts) sends
 * each through the sender of its destination kind (routes.ts) with retries, exponential back-off and
 * a dead-letter state.
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

export { deliverOutboxOnce, startOutboxDelivery } from './delivery';
export type { DeliveryOptions, DeliveryPass } from './delivery';

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
