import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Config } from '../../../config/env';
import { JOSE_MEDIA_TYPE } from '../../../activities/exchange/jws';
import type { ExchangeTrust } from '../../../activities/exchange/trust';
import { CurrentPrincipal, Roles, SignedBody } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { ExchangeXml } from '../ncts/exchange-xml';
import { isXml, sendXml } from '../ncts/xml-body';
import { ExchangeMessageBody } from './dto';
import { ExchangeService } from './exchange.service';
import { CONFIG, EXCHANGE_TRUST } from '../infra/tokens';
import { partnerListing } from './partners';
import { SignedExchange } from './signed-exchange';

/**
 * The exchange endpoint for partner administrations: a compact JWS (`application/jose`) that
 * authenticates itself, or, where the unsigned door is on (CLEARWAY_EXCHANGE_UNSIGNED), JSON or NCTS
 * XML under a bearer token of role `partner`, scoped to its country (docs/exchange.md).
 */
@Controller('v1/exchange')
export class ExchangeController {
  constructor(
    private readonly exchange: ExchangeService,
    private readonly xml: ExchangeXml,
    private readonly signed: SignedExchange,
    @Inject(EXCHANGE_TRUST) private readonly trust: ExchangeTrust,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** The partner directory: who this node exchanges with, their endpoints, keys and message types. */
  @Get('partners')
  @Roles('administrator', 'supervisor', 'officer', 'partner')
  partners() {
    return partnerListing(this.trust, new Date());
  }

  @Post('messages')
  @HttpCode(200)
  @Roles('partner')
  @SignedBody()
  async receive(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (req.is(JOSE_MEDIA_TYPE)) {
      const answer = await this.signed.receive(typeof body === 'string' ? body : '');
      res.status(answer.status).type(JOSE_MEDIA_TYPE);
      if (answer.duplicate) res.setHeader('x-clearway-duplicate', 'true');
      return answer.jws;
    }
    if (!(this.config.CLEARWAY_EXCHANGE_UNSIGNED ?? this.config.NODE_ENV !== 'production'))
      throw new UnsupportedMediaTypeException(`only signed messages (${JOSE_MEDIA_TYPE}) are taken here`);
    if (isXml(req)) {
      const answer = await this.xml.receive(body, principal);
      return 'xml' in answer ? sendXml(res, answer) : answer;
    }
    return this.exchange.receive(parseOr400(ExchangeMessageBody, body, 'exchange message'), principal);
  }
}
