import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Put } from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import { plainString } from '../../../domain/schemas/common';
import type { Config } from '../../../config/env';
import { setWebhookSubscription } from '../../../activities/outbox';
import { webhookUrlRefusal } from '../../../activities/outbox/webhook-target';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400, ValidationFailed } from '../common/errors';
import { CONFIG, PG_POOL } from '../infra/tokens';

export const SubscriptionBody = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).pipe(plainString()),
  /** When given, each delivery carries `X-Clearway-Signature: sha256=<HMAC of the body>`. */
  secret: plainString().min(16).max(200).optional(),
});

/**
 * A clearance system's webhook: decisions on the declarations it lodged are delivered there from
 * the outbox, with retries, `Idempotency-Key: <message id>`. A URL whose host is or resolves to a
 * loopback, private, link-local or other special-use address is a 400 naming `url`
 * (activities/outbox/webhook-target.ts; checked again at every delivery).
 */
@Controller('v1/webhook-subscription')
export class WebhooksController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Put()
  @HttpCode(200)
  @Roles('clearance-system')
  async put(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const { url, secret } = parseOr400(SubscriptionBody, body, 'subscription');
    const refusal = await webhookUrlRefusal(url, this.config.CLEARWAY_WEBHOOK_ALLOW_PRIVATE);
    if (refusal)
      throw new ValidationFailed(
        [{ path: 'url', message: refusal, code: 'forbidden_address' }],
        'the subscription is not valid',
      );
    await setWebhookSubscription(this.pool, principal.sub, url, secret);
    return { subscriber: principal.sub, url, signed: secret !== undefined };
  }

  @Get()
  @Roles('clearance-system')
  async get(@CurrentPrincipal() principal: Principal) {
    const r = await this.pool.query<{ url: string; secret: string | null }>(
      'SELECT url, secret FROM webhook_subscriptions WHERE subscriber = $1',
      [principal.sub],
    );
    if (!r.rows[0]) throw new NotFoundException('no webhook subscription');
    return { subscriber: principal.sub, url: r.rows[0].url, signed: r.rows[0].secret !== null };
  }
}
