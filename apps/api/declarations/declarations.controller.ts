import { Body, Controller, ForbiddenException, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { isValidMrn } from '../../../domain/mrn';
import { DeclarationSchema } from '../../../domain/schemas/declaration';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import { inScope, type Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { ReferenceService } from '../reference/reference.service';
import { DeclarationsService } from './declarations.service';

const MrnParam = z.string().refine(isValidMrn, 'not a valid MRN (18 characters with a correct check digit)');

@Controller('v1/declarations')
export class DeclarationsController {
  constructor(
    private readonly declarations: DeclarationsService,
    private readonly reference: ReferenceService,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('clearance-system')
  async lodge(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const decl = parseOr400(DeclarationSchema, body, 'declaration');
    await this.reference.assertDeclaration(decl);
    if (!inScope(principal, decl.officeOfDeclaration.slice(0, 2), decl.officeOfDeclaration)) {
      throw new ForbiddenException(`office ${decl.officeOfDeclaration} is outside your scope`);
    }
    const res = await this.declarations.lodge(decl, principal);
    return { ...res, links: { self: `/v1/declarations/${res.mrn}` } };
  }

  @Get(':mrn')
  @Roles('clearance-system', 'officer', 'supervisor', 'administrator')
  async get(@Param('mrn') mrn: string, @CurrentPrincipal() principal: Principal) {
    return this.declarations.get(parseOr400(MrnParam, mrn, 'MRN'), principal);
  }
}
