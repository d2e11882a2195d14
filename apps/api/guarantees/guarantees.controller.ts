import { Body, Controller, ForbiddenException, Get, HttpCode, Param, Post } from '@nestjs/common';
import { GrnSchema } from '../../../domain/schemas/common';
import { GuaranteeRegistrationSchema } from '../../../domain/schemas/guarantee';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import { inScope, type Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { ExtensionBody, RevocationBody } from '../transits/dto';
import { GuaranteesService } from './guarantees.service';

@Controller('v1/guarantees')
export class GuaranteesController {
  constructor(private readonly guarantees: GuaranteesService) {}

  @Post()
  @HttpCode(202)
  @Roles('clearance-system', 'administrator')
  async register(@Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const reg = parseOr400(GuaranteeRegistrationSchema, body, 'guarantee registration');
    const country = reg.grn.slice(2, 4);
    if (!inScope(p, country))
      throw new ForbiddenException(`guarantees registered in ${country} are outside your scope`);
    const res = await this.guarantees.register(reg, p);
    return { ...res, links: { self: `/v1/guarantees/${reg.grn}` } };
  }

  @Get(':grn')
  @Roles('clearance-system', 'officer', 'supervisor', 'administrator')
  get(@Param('grn') grn: string, @CurrentPrincipal() p: Principal) {
    return this.guarantees.balance(parseOr400(GrnSchema, grn, 'GRN'), p);
  }

  @Post(':grn/revocation')
  @HttpCode(202)
  @Roles('supervisor', 'administrator')
  revoke(@Param('grn') grn: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.guarantees.revoke(
      parseOr400(GrnSchema, grn, 'GRN'),
      parseOr400(RevocationBody, body, 'revocation').reason,
      p,
    );
  }

  @Post(':grn/extension')
  @HttpCode(202)
  @Roles('supervisor', 'administrator')
  extend(@Param('grn') grn: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.guarantees.extend(
      parseOr400(GrnSchema, grn, 'GRN'),
      parseOr400(ExtensionBody, body, 'extension').validUntil,
      p,
    );
  }
}
