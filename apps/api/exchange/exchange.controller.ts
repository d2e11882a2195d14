import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { ExchangeXml } from '../ncts/exchange-xml';
import { isXml, sendXml } from '../ncts/xml-body';
import { ExchangeMessageBody } from './dto';
import { ExchangeService } from './exchange.service';

/** The exchange endpoint for partner administrations' systems (role `partner`, scoped to their country). */
@Controller('v1/exchange')
export class ExchangeController {
  constructor(
    private readonly exchange: ExchangeService,
    private readonly xml: ExchangeXml,
  ) {}

  @Post('messages')
  @HttpCode(200)
  @Roles('partner')
  async receive(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (isXml(req)) {
      const answer = await this.xml.receive(body, principal);
      return 'xml' in answer ? sendXml(res, answer) : answer;
    }
    return this.exchange.receive(parseOr400(ExchangeMessageBody, body, 'exchange message'), principal);
  }
}
