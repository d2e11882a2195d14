import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  Put,
} from '@nestjs/common';
import type { Pool } from 'pg';
import { z } from 'zod';
import { plainString } from '../../../domain/schemas/common';
import type { Config } from '../../../config/env';
import { listDeadLetters, retryDeadLetter } from '../../../activities/outbox/dead-letters';
import { webhookUrlRefusal } from '../../../activities/outbox/webhook-target';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400, ValidationFailed } from '../common/errors';
import { CONFIG, PG_POOL } from '../infra/tokens';

export const DeadLetterRetryBody = z.object({
  messageId: plainString().min(1).max(300),
  /** Why it is sent again (what was fixed), kept with the message. */
  reason: plainString().min(3).max(500),
});

export const PartyWebhookBody = z.object({
  destination: z
    .string()
    .regex(/^(holder|declarant):[A-Za-z0-9 ._-]{1,64}$/, 'holder:<TIN> or declarant:<id>'),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO country code'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).pipe(plainString()),
  secret: plainString().min(16).max(200).optional(),
});

/**
 * Operators' view of outbox delivery (docs/operations.md, "Dead letters"): the messages given up on,
 * with their reasons, in the caller's countries, and the retry of one once its cause is fixed; and
 * the webhooks of holders and declarants, registered by an administrator of their country.
 */
@Controller('v1/outbox')
export class OutboxController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('dead-letters')
  @Roles('supervisor', 'administrator')
  async deadLetters(@CurrentPrincipal() principal: Principal) {
    return { deadLetters: await listDeadLetters(this.pool, principal.countries) };
  }

  @Post('dead-letters/retry')
  @HttpCode(202)
  @Roles('supervisor', 'administrator')
  async retry(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const { messageId, reason } = parseOr400(DeadLetterRetryBody, body, 'retry');
    const done = await retryDeadLetter(
      this.pool,
      messageId,
      principal.countries,
      `${principal.sub}: ${reason}`,
    );
    if (!done) throw new NotFoundException(`no dead letter ${messageId}`);
    return { messageId, queued: true };
  }

  @Put('party-webhooks')
  @HttpCode(200)
  @Roles('administrator')
  async putPartyWebhook(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const w = parseOr400(PartyWebhookBody, body, 'party webhook');
    if (!principal.countries.includes(w.country))
      throw new ForbiddenException(`country ${w.country} is outside the caller's scope`);
    const refusal = await webhookUrlRefusal(w.url, this.config.CLEARWAY_WEBHOOK_ALLOW_PRIVATE);
    if (refusal)
      throw new ValidationFailed(
        [{ path: 'url', message: refusal, code: 'forbidden_address' }],
        'the webhook is not valid',
      );
    const { rows } = await this.pool.query<{ country: string }>(
      `INSERT INTO party_webhooks (destination, country, url, secret, created_by) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (destination) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret,
              created_by = EXCLUDED.created_by, created_at = now()
        WHERE party_webhooks.country = ANY($6::text[])
       RETURNING country`,
      [w.destination, w.country, w.url, w.secret ?? null, principal.sub, principal.countries],
    );
    // Registered by another administration: not ours to repoint.
    if (!rows[0]) throw new NotFoundException(`no webhook of ${w.destination} in the caller's countries`);
    return { destination: w.destination, country: w.country, url: w.url, signed: w.secret !== undefined };
  }

  @Get('party-webhooks')
  @Roles('administrator')
  async partyWebhooks(@CurrentPrincipal() principal: Principal) {
    const { rows } = await this.pool.query(
      `SELECT destination, country, url, secret IS NOT NULL AS signed, created_by AS "createdBy"
         FROM party_webhooks WHERE country = ANY($1::text[]) ORDER BY destination`,
      [principal.countries],
    );
    return { webhooks: rows };
  }
}
