import crypto from 'node:crypto';
import type { Pool } from 'pg';
import type { DeliveryOutcome, OutgoingMessage, Sender } from './senders';
import { postWebhook, WebhookTargetRefused } from './webhook-target';

/**
 * Webhook senders: a clearance system's subscription (`clearance-system:<sub>`) or a holder's or
 * declarant's registered webhook (`holder:<TIN>`, `declarant:<id>`, table `party_webhooks`). The
 * body is the message; `Idempotency-Key` is its id, so a receiver that sees it twice knows; with a
 * secret, `X-Clearway-Signature: sha256=<HMAC of the body>`. The address guard of webhook-target.ts
 * applies at every attempt.
 */
export interface WebhookSenderOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

/** A 4xx other than these is an answer the receiver will give again: the message is dead-lettered. */
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

/** The URL as a reason may show it: no user info or query, which may carry a receiver's token. */
const shown = (url: string) => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
};

function webhookBody(m: OutgoingMessage): string {
  return JSON.stringify({
    messageId: m.messageId,
    caseId: m.caseId,
    type: m.type,
    createdAt: m.createdAt,
    payload: m.payload,
  });
}

async function post(
  m: OutgoingMessage,
  target: { url: string; secret: string | null } | undefined,
  opts: WebhookSenderOptions,
): Promise<DeliveryOutcome> {
  if (!target) return { ok: false, permanent: false, reason: `no webhook registered for ${m.destination}` };
  const body = webhookBody(m);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': m.messageId,
  };
  if (target.secret)
    headers['x-clearway-signature'] =
      'sha256=' + crypto.createHmac('sha256', target.secret).update(body).digest('hex');
  try {
    const status = await postWebhook(target.url, body, headers, opts);
    if (status >= 200 && status < 300) return { ok: true, receipt: `HTTP ${status}` };
    const permanent = status >= 400 && status < 500 && !RETRYABLE_4XX.has(status);
    return { ok: false, permanent, reason: `HTTP ${status} from ${shown(target.url)}` };
  } catch (err) {
    return {
      ok: false,
      permanent: err instanceof WebhookTargetRefused,
      reason: `${shown(target.url)}: ${(err as Error).message ?? String(err)}`,
    };
  }
}

export function clearanceSystemWebhookSender(pool: Pool, opts: WebhookSenderOptions): Sender {
  return async (m) => {
    const sub = m.destination.slice('clearance-system:'.length);
    const { rows } = await pool.query<{ url: string; secret: string | null }>(
      'SELECT url, secret FROM webhook_subscriptions WHERE subscriber = $1',
      [sub],
    );
    return post(m, rows[0], opts);
  };
}

export function partyWebhookSender(pool: Pool, opts: WebhookSenderOptions): Sender {
  return async (m) => {
    const { rows } = await pool.query<{ url: string; secret: string | null }>(
      'SELECT url, secret FROM party_webhooks WHERE destination = $1',
      [m.destination],
    );
    return post(m, rows[0], opts);
  };
}
