import crypto from 'node:crypto';
import type { Pool } from 'pg';
import { servedAdministrations } from '../../config/administrations';
import { startPassLoop } from '../loop';
import { backoffMs, claimDue, recordOutcome, type Backoff, type Recorded } from './lease';
import { routeFilter, routeOf, type Senders } from './routes';
import type { DeliveryOutcome } from './senders';
import { clearanceSystemWebhookSender, partyWebhookSender } from './webhook-sender';

/**
 * Delivery from the outbox (docs/operations.md, "Delivery"; the choice of a claimed unit of work per
 * message rather than a Temporal activity: docs/decisions.md). Each pass claims up to `concurrency`
 * due messages under a lease, makes one attempt for each through the sender of its route, all at
 * once, and records each outcome: delivered, tried again after an exponential back-off, or
 * dead-lettered with its reason. Several workers may run passes side by side: a leased message is
 * not claimed again until its lease runs out, so no message is sent by two of them at once.
 */
export interface DeliveryOptions extends Partial<Backoff> {
  /** Messages in flight per pass (and per worker). */
  concurrency?: number;
  timeoutMs?: number;
  /** Deliver webhooks to loopback, private and link-local addresses too (CLEARWAY_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate?: boolean;
  /** The ways out; by default the webhooks only (no mail relay, no partner sender). */
  senders?: Senders;
  /** Destinations mail may go to (see MailSender.mailTo); `all` by default. */
  mailTo?: 'all' | readonly string[];
  served?: ReadonlySet<string>;
  log?: (msg: string) => void;
  /** Told each attempt's outcome, with the destination kind (the worker's delivery counters). */
  onAttempt?: (outcome: Recorded, destinationKind: string) => void;
}

export interface DeliveryPass {
  delivered: number;
  failed: number;
  deadLettered: number;
}

export function defaultSenders(pool: Pool, opts: { allowPrivate: boolean; timeoutMs: number }): Senders {
  return {
    webhook: clearanceSystemWebhookSender(pool, opts),
    'party-webhook': partyWebhookSender(pool, opts),
  };
}

export async function deliverOutboxOnce(pool: Pool, opts: DeliveryOptions = {}): Promise<DeliveryPass> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const backoff: Backoff = {
    baseBackoffMs: opts.baseBackoffMs ?? 1_000,
    maxBackoffMs: opts.maxBackoffMs ?? 3_600_000,
    maxAttempts: opts.maxAttempts ?? 20,
  };
  const served = opts.served ?? servedAdministrations();
  const senders =
    opts.senders ?? defaultSenders(pool, { allowPrivate: opts.allowPrivate ?? false, timeoutMs });
  const filter = routeFilter({ senders, served, mailTo: opts.mailTo ?? 'all' }, 4);
  // The lease outlives the attempt's own timeout (connect, answer) with room to record the outcome.
  const claimed = await claimDue(pool, crypto.randomUUID(), {
    limit: opts.concurrency ?? 8,
    leaseMs: timeoutMs * 3 + 5_000,
    filter,
  });
  const pass: DeliveryPass = { delivered: 0, failed: 0, deadLettered: 0 };
  await Promise.all(
    claimed.map(async (m) => {
      const route = routeOf(m.destination, served);
      const sender = route && senders[route];
      let outcome: DeliveryOutcome;
      try {
        outcome = sender
          ? await sender(m)
          : { ok: false, permanent: false, reason: `no sender for ${m.destination}` };
      } catch (err) {
        outcome = { ok: false, permanent: false, reason: (err as Error).message ?? String(err) };
      }
      const recorded = await recordOutcome(pool, m, outcome, backoff);
      opts.onAttempt?.(recorded, m.destination.split(':', 1)[0]);
      if (recorded === 'delivered') pass.delivered++;
      else if (recorded === 'dead-lettered') pass.deadLettered++;
      else pass.failed++;
      if (!outcome.ok)
        opts.log?.(
          `[outbox] ${m.messageId} -> ${m.destination}: ${outcome.reason} (attempt ${m.attempts + 1}, ${recorded}` +
            (recorded === 'failed' ? `, next in ${backoffMs(backoff, m.attempts + 1)} ms)` : ')'),
        );
    }),
  );
  return pass;
}

/**
 * The delivery loop a worker process runs beside its Temporal worker: a pass every `intervalMs`, at
 * once again while a pass found work. Returns `stop()`, which waits for the pass in flight.
 */
export function startOutboxDelivery(
  pool: Pool,
  opts: DeliveryOptions & { intervalMs?: number } = {},
): { stop(): Promise<void> } {
  return startPassLoop(
    () => deliverOutboxOnce(pool, opts).then((p) => p.delivered + p.failed + p.deadLettered),
    {
      intervalMs: opts.intervalMs ?? 1_000,
      failed: (err) => opts.log?.(`[outbox] delivery pass failed: ${err.message}`),
    },
  );
}
