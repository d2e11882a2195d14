import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { CaseFiltersSchema } from './case-query';
import { CasesService } from './cases.service';

export const CaseRefSchema = z.object({
  kind: z.enum(['declaration', 'transit', 'guarantee', 'audit', 'alert']),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a business id: letters, digits, - and _'),
});

@Controller('v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  /** Cases of every kind, filtered, paginated and scoped to the caller (supervisor work list). */
  @Get()
  @Roles('supervisor', 'administrator')
  list(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    return this.cases.list(parseOr400(CaseFiltersSchema, query, 'query'), principal);
  }

  @Get(':kind/:id')
  @Roles('officer', 'supervisor', 'administrator')
  view(@Param() params: Record<string, string>, @CurrentPrincipal() principal: Principal) {
    const ref = parseOr400(CaseRefSchema, params, 'case reference');
    return this.cases.view(`${ref.kind}/${ref.id}`, principal);
  }

  /** The full Temporal event history plus the domain timeline, as JSON (audit export). */
  @Get(':kind/:id/history')
  @Roles('administrator')
  history(@Param() params: Record<string, string>, @CurrentPrincipal() principal: Principal) {
    const ref = parseOr400(CaseRefSchema, params, 'case reference');
    return this.cases.history(`${ref.kind}/${ref.id}`, principal);
  }
}
