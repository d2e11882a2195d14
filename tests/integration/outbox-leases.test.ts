import http from 'node:http';
import { Pool } from 'pg';
import { enqueueOutbox, setWebhookSubscription } from '../../activities/outbox';
import { deliverOutboxOnce, startOutboxDelivery } from '../../activities/outbox/delivery';
import { claimDue, recordOutcome } from '../../activities/outbox/lease';
import { routeFilter } from '../../activities/outbox/routes';
import { eventually } from '../support/temporal';

/**
 * The outbox's leases against the real PostgreSQL of the integration harness: several delivery loops
 * side by side send each message once; a lease left by a worker that died mid-attempt runs out and
 * the message is sent by another; the dead holder's late failure changes nothing.
 */
let pool: Pool;
let server: http.Server;
let url: string;
const received: string[] = [];

beforeAll(async () => {
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 8 });
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(String(req.headers['idempotency-key']));
      // Slow enough that the loops' passes overlap.
      setTimeout(() => {
        res.statusCode = 204;
        res.end();
      }, 20);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
});
afterAll(async () => {
  await pool?.end();
  await new Promise<void>((r) => server.close(() => r()));
});

const tag = () => `lease-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

async function queued(n: number): Promise<{ sub: string; ids: string[] }> {
  const sub = tag();
  await setWebhookSubscription(pool, sub, url);
  const ids = Array.from({ length: n }, (_, i) => `${sub}/m/${i}`);
  await enqueueOutbox(
    pool,
    ids.map((messageId) => ({
      messageId,
      caseId: `declaration/${sub}`,
      destination: `clearance-system:${sub}`,
      type: 'declaration.accepted',
      payload: { n: messageId },
    })),
  );
  return { sub, ids };
}

test('three delivery loops side by side send each of 40 messages exactly once', async () => {
  const { ids } = await queued(40);
  const loops = [1, 2, 3].map(() =>
    startOutboxDelivery(pool, { allowPrivate: true, concurrency: 4, intervalMs: 20 }),
  );
  try {
    await eventually(
      async () =>
        (
          await pool.query(
            'SELECT count(*)::int AS n FROM outbox WHERE message_id = ANY($1) AND delivered_at IS NOT NULL',
            [ids],
          )
        ).rows[0].n,
      (n) => n === ids.length,
      30_000,
    );
  } finally {
    await Promise.all(loops.map((l) => l.stop()));
  }
  const mine = received.filter((k) => ids.includes(k));
  expect(mine.sort()).toEqual([...ids].sort());
});

test("a lease left by a dead worker runs out and another sends the message; the dead holder's late failure is ignored", async () => {
  const { sub, ids } = await queued(1);
  const filter = routeFilter(
    { senders: { webhook: async () => ({ ok: true }) }, served: new Set(['KZ']), mailTo: 'all' },
    4,
  );
  const [held] = await claimDue(pool, 'dead-worker', { limit: 1, leaseMs: 1_500, filter });
  expect(held.messageId).toBe(ids[0]);
  const state = async () =>
    (await pool.query('SELECT delivered_at, dead_at, attempts FROM outbox WHERE message_id = $1', [ids[0]]))
      .rows[0];
  // While the lease holds, nobody else takes it.
  await deliverOutboxOnce(pool, { allowPrivate: true });
  expect(await state()).toMatchObject({ delivered_at: null, attempts: 0 });
  await eventually(
    async () => {
      await deliverOutboxOnce(pool, { allowPrivate: true });
      return state();
    },
    (r) => r.delivered_at !== null,
  );
  const late = await recordOutcome(
    pool,
    held,
    { ok: false, permanent: true, reason: 'the dead worker wakes up' },
    { baseBackoffMs: 1, maxBackoffMs: 1, maxAttempts: 5 },
  );
  expect(late).toBe('lease-lost');
  const row = await state();
  expect(row).toMatchObject({ dead_at: null, attempts: 1 });
  expect(row.delivered_at).not.toBeNull();
  expect(received.filter((k) => k.startsWith(sub))).toEqual(ids);
});
