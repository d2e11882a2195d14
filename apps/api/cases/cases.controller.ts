import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { plainString } from '../../../domain/schemas/common';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400, ValidationFailed } from '../common/errors';
import { CaseFiltersSchema, isoDurationMs } from './case-query';
import { ArchiveService } from './archive.service';
import { CasesService } from './cases.service';
import { SUPERVISOR_SIGNALS } from '../../../contracts/supervision';

export const CaseRefSchema = z.object({
  kind: z.enum(['declaration', 'transit', 'arrival', 'guarantee', 'audit', 'alert']),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a business id: letters, digits, - and _'),
});

export const SignalRefSchema = CaseRefSchema.extend({
  signal: z.enum(SUPERVISOR_SIGNALS),
});

/** Why someone acts on a case: mandatory, kept with who acted (timeline, legal hold). */
const Reason = plainString({ lines: true })
  .trim()
  .normalize('NFC')
  .min(3, 'give a reason (3 characters or more)')
  .max(500);

/** Body of a supervisor signal; the reason lands in the case timeline. */
export const SignalBodySchema = z.object({
  reason: Reason,
  assignee: z
    .string()
    .regex(/^[A-Za-z0-9@._-]{2,64}$/)
    .optional(),
  extendBy: z
    .string()
    .refine((v) => isoDurationMs(v) !== undefined, 'an ISO 8601 duration such as PT4H or P2D')
    .optional(),
});

/** Why a legal hold is placed (a case number, a court order): kept with who placed it. */
export const LegalHoldSchema = z.object({ reason: Reason });

@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly archive: ArchiveService,
  ) {}

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

  /** A legal hold: the case's archive is kept past the archive's retention until the hold is lifted. */
  @Put(':kind/:id/legal-hold')
  @Roles('administrator')
  async placeHold(
    @Param() params: Record<string, string>,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    const ref = parseOr400(CaseRefSchema, params, 'case reference');
    const { reason } = parseOr400(LegalHoldSchema, body);
    await this.cases.requireScope(`${ref.kind}/${ref.id}`, principal);
    return this.archive.placeHold(`${ref.kind}/${ref.id}`, reason, principal);
  }

  @Delete(':kind/:id/legal-hold')
  @Roles('administrator')
  async liftHold(@Param() params: Record<string, string>, @CurrentPrincipal() principal: Principal) {
    const ref = parseOr400(CaseRefSchema, params, 'case reference');
    await this.cases.requireScope(`${ref.kind}/${ref.id}`, principal);
    return this.archive.liftHold(`${ref.kind}/${ref.id}`);
  }

  /** release | escalate | reassign | extend-deadline | cancel | retry, validated by the workflow (409 if refused). */
  @Post(':kind/:id/signals/:signal')
  @HttpCode(200)
  @Roles('supervisor')
  signal(
    @Param() params: Record<string, string>,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    const ref = parseOr400(SignalRefSchema, params, 'signal reference');
    const b = parseOr400(SignalBodySchema, body ?? {}, 'signal');
    if (ref.signal === 'reassign' && !b.assignee) {
      throw new ValidationFailed([
        { path: 'assignee', message: 'reassign needs an assignee', code: 'required' },
      ]);
    }
    if (ref.signal === 'extend-deadline' && !b.extendBy) {
      throw new ValidationFailed([
        { path: 'extendBy', message: 'extend-deadline needs extendBy (ISO 8601 duration)', code: 'required' },
      ]);
    }
    return this.cases.signal(`${ref.kind}/${ref.id}`, principal, {
      signal: ref.signal,
      reason: b.reason,
      actor: principal.sub,
      role: principal.role,
      assignee: b.assignee,
      extendByMs: b.extendBy ? isoDurationMs(b.extendBy) : undefined,
    });
  }
}
