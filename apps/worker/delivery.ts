import type { Pool } from 'pg';
import { durationMs, type Config } from '../../config/env';
import { loadDeliveryConfig } from '../../config/delivery';
import { servedAdministrations } from '../../config/administrations';
import { startOutboxDelivery } from '../../activities/outbox/delivery';
import { mailSender } from '../../activities/outbox/mail-sender';
import { clearanceSystemWebhookSender, partyWebhookSender } from '../../activities/outbox/webhook-sender';
import type { Sender } from '../../activities/outbox/senders';
import type { Metrics } from '../shared/observability/metrics';

const TIMEOUT_MS = 10_000;

/**
 * The worker's outbox delivery (docs/operations.md, "Delivery"): webhooks always; mail when an SMTP
 * relay is configured (CLEARWAY_SMTP_HOST); partner administrations through `partner`, the signed
 * sender, when one is given; without it partner messages stay queued.
 */
export function startWorkerDelivery(
  config: Config,
  pool: Pool,
  deps: {
    metrics?: Metrics;
    log?: (msg: string) => void;
    partner?: Sender;
    env?: NodeJS.ProcessEnv;
    intervalMs?: number;
  },
): { stop(): Promise<void> } {
  const env = deps.env ?? process.env;
  const cfg = loadDeliveryConfig(env);
  const web = { allowPrivate: config.CLEARWAY_WEBHOOK_ALLOW_PRIVATE, timeoutMs: TIMEOUT_MS };
  const mail = mailSender(cfg, TIMEOUT_MS);
  const loop = startOutboxDelivery(pool, {
    senders: {
      webhook: clearanceSystemWebhookSender(pool, web),
      'party-webhook': partyWebhookSender(pool, web),
      ...(mail ? { mail: mail.send } : {}),
      ...(deps.partner ? { partner: deps.partner } : {}),
      local: async () => ({ ok: true, receipt: 'administration served by this node' }),
    },
    mailTo: mail?.mailTo ?? 'all',
    served: servedAdministrations(env),
    concurrency: cfg.CLEARWAY_DELIVERY_CONCURRENCY,
    maxAttempts: cfg.CLEARWAY_DELIVERY_MAX_ATTEMPTS,
    baseBackoffMs: durationMs(cfg.CLEARWAY_DELIVERY_BACKOFF),
    maxBackoffMs: durationMs(cfg.CLEARWAY_DELIVERY_MAX_BACKOFF),
    timeoutMs: TIMEOUT_MS,
    intervalMs: deps.intervalMs,
    log: deps.log,
    onAttempt: (outcome, destination) => {
      if (outcome !== 'lease-lost') deps.metrics?.outboxDeliveries.inc({ outcome, destination });
    },
  });
  return {
    async stop() {
      await loop.stop();
      mail?.close();
    },
  };
}
