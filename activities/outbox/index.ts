import type { Pool } from 'pg';
import type { OutboxMessage } from '../../contracts/projection';

/**
 * The exchange outbox (table `outbox`, migration 0001): rows are written by activities keyed by
 * message id, so a retried activity enqueues nothing twice; the delivery loop (delivery.ts) sends
 * each through the sender of its destination kind (routes.ts) with retries, exponential back-off and
 * a dead-letter state.
 */
export type { OutboxMessage as OutboxEntry } from '../../contracts/projection';

/**
 * The insert of outbox rows from five array parameters numbered from `first` (ids, case ids,
 * destinations, types, payloads; values from `outboxParams`): standalone here, and inside the case
 * write's one statement (activities/projections/cases.ts).
 */
export function outboxInsertSql(first: number): string {
  const [id, caseId, dest, type, payload] = [0, 1, 2, 3, 4].map((i) => `$${first + i}`);
  return `INSERT INTO outbox (message_id, case_id, destination, type, payload)
     SELECT m.id, m.case_id, m.destination, m.type, m.payload
       FROM unnest(${id}::text[], ${caseId}::text[], ${dest}::text[], ${type}::text[], ${payload}::jsonb[]) WITH ORDINALITY
         AS m(id, case_id, destination, type, payload, n)
      ORDER BY m.n
     ON CONFLICT (message_id) DO NOTHING`;
}

export function outboxParams(entries: OutboxMessage[]): unknown[] {
  return [
    entries.map((m) => m.messageId),
    entries.map((m) => m.caseId),
    entries.map((m) => m.destination),
    entries.map((m) => m.type),
    entries.map((m) => JSON.stringify(m.payload)),
  ];
}

/** Inserts the rows on `db`, in one statement. */
export async function enqueueOutbox(db: Pick<Pool, 'query'>, entries: OutboxMessage[]): Promise<number> {
  if (!entries.length) return 0;
  const res = await db.query({
    name: 'clearway-outbox-insert',
    text: outboxInsertSql(1),
    values: outboxParams(entries),
  });
  return res.rowCount ?? 0;
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
