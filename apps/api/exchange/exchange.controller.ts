import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { ExchangeMessageBody } from './dto';
import { ExchangeService } from './exchange.service';

/** The exchange endpoint for partner administrations' systems (role `partner`, scoped to their country). */
@Controller('v1/exchange')
export class ExchangeController {
  constructor(private readonly exchange: ExchangeService) {}

  @Post('messages')
  @HttpCode(200)
  @Roles('partner')
  receive(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return this.exchange.receive(parseOr400(ExchangeMessageBody, body, 'exchange message'), principal);
  }
}
