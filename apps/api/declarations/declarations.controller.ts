import {
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  Post,
} from '@nestjs/common';
import { z } from 'zod';
import { isValidMrn } from '../../../domain/mrn';
import { AmendmentSchema, applyAmendment } from '../../../domain/schemas/amendment';
import { Text } from '../../../domain/schemas/common';
import { DeclarationSchema } from '../../../domain/schemas/declaration';
import {
  ControlDecisionSchema,
  IntelligenceHitSchema,
  PaymentSchema,
} from '../../../domain/schemas/declaration-commands';
import {
  FINAL_DECLARATION_STATES,
  type DeclarationChanges,
  type DeclarationView,
  amendDeclaration,
  answerQuery,
  invalidateDeclaration,
  presentGoods,
  recordControlResult,
  reroute,
} from '../../../contracts';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import { inScope, type Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { ReferenceService } from '../reference/reference.service';
import { audienceOf, declarationViewFor } from './audience';
import { DeclarationsService } from './declarations.service';

const MrnParam = z.string().refine(isValidMrn, 'not a valid MRN (18 characters with a correct check digit)');
const OfficeCode = z.string().regex(/^[A-Z]{2}[A-Z0-9]{6}$/, 'must be an office code such as KZALA001');
export const ReasonBody = z.object({ reason: Text(512, { lines: true }) });
export const RerouteBody = z.object({
  channel: z.enum(['GREEN', 'BLUE', 'YELLOW', 'QUERY', 'RED']),
  reason: Text(512, { lines: true }),
  office: OfficeCode,
});
export const AnswerBody = z.object({ answer: Text(4000, { lines: true }) });
export const PresentationBody = z.object({
  office: OfficeCode,
  remarks: Text(512, { lines: true }).optional(),
});
export const HitBody = IntelligenceHitSchema.omit({ source: true });

/**
 * Declarations. Roles (docs/declaration-process.md):
 * clearance-system lodges, amends, invalidates before release, answers queries, offers a guarantee
 * to secure duties, on its own declarations only; treasury confirms payments; officer records control
 * results and presentation, re-routes (raising only), invalidates after release; supervisor re-routes
 * either way; officer, supervisor and partner report intelligence hits. Every route checks the
 * caller's country/office scope; a clearance system reads the trader's view (audience.ts).
 */
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
    return { ...res, links: links(res.mrn) };
  }

  @Get(':mrn')
  @Roles('clearance-system', 'officer', 'supervisor', 'administrator', 'auditor')
  async get(@Param('mrn') mrn: string, @CurrentPrincipal() principal: Principal) {
    return viewFor(principal, await this.declarations.get(mrnOf(mrn), principal));
  }

  @Post(':mrn/amendments')
  @HttpCode(200)
  @Roles('clearance-system')
  async amend(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const amendment = parseOr400(AmendmentSchema, body, 'amendment');
    const current = await this.declarations.get(mrnOf(mrn), principal);
    // A final case is refused by the workflow itself, with its own reason.
    const open = !FINAL_DECLARATION_STATES.includes(current.state);
    const merged = mergedOr409(current, amendment.changes, 'amended declaration', open);
    if (merged) await this.reference.assertDeclaration(merged); // HS codes, offices: 400 naming the field
    const request = { amendment, actor: principal.sub, basedOn: current.amendments };
    return viewFor(
      principal,
      await this.declarations.update(mrnOf(mrn), principal, amendDeclaration, request, current),
    );
  }

  @Post(':mrn/invalidation')
  @HttpCode(200)
  @Roles('clearance-system', 'officer')
  async invalidate(
    @Param('mrn') mrn: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    const { reason } = parseOr400(ReasonBody, body, 'invalidation request');
    const by = principal.role === 'officer' ? 'customs' : 'declarant';
    const view = await this.declarations.update(mrnOf(mrn), principal, invalidateDeclaration, {
      by,
      actor: principal.sub,
      reason,
    });
    return viewFor(principal, view);
  }

  @Post(':mrn/control-results')
  @HttpCode(200)
  @Roles('officer')
  async controlResult(
    @Param('mrn') mrn: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    const result = parseOr400(ControlDecisionSchema, body, 'control result');
    if (!inScope(principal, result.office.slice(0, 2), result.office))
      throw new ForbiddenException(`office ${result.office} is outside your scope`);
    // Corrections replace sections of the declaration: the result is validated here, once.
    const current = result.corrections ? await this.declarations.get(mrnOf(mrn), principal) : undefined;
    if (current) mergedOr409(current, result.corrections!, 'corrections', current.state === 'UNDER_CONTROL');
    return this.declarations.update(mrnOf(mrn), principal, recordControlResult, result, current);
  }

  @Post(':mrn/reroute')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  async reroute(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const r = parseOr400(RerouteBody, body, 're-routing');
    if (!inScope(principal, r.office.slice(0, 2), r.office))
      throw new ForbiddenException(`office ${r.office} is outside your scope`);
    return this.declarations.update(mrnOf(mrn), principal, reroute, {
      ...r,
      actor: principal.sub,
      role: principal.role as 'officer' | 'supervisor',
    });
  }

  @Post(':mrn/presentation')
  @HttpCode(200)
  @Roles('officer')
  async present(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const p = parseOr400(PresentationBody, body, 'presentation');
    if (!inScope(principal, p.office.slice(0, 2), p.office))
      throw new ForbiddenException(`office ${p.office} is outside your scope`);
    return this.declarations.update(mrnOf(mrn), principal, presentGoods, { ...p, actor: principal.sub });
  }

  @Post(':mrn/query-answer')
  @HttpCode(200)
  @Roles('clearance-system')
  async answer(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const { answer } = parseOr400(AnswerBody, body, 'answer');
    const request = { answer, actor: principal.sub };
    return viewFor(principal, await this.declarations.update(mrnOf(mrn), principal, answerQuery, request));
  }

  /**
   * A payment is confirmed by the treasury, never by the trader who owes it; the declarant's
   * clearance system may offer a guarantee to secure the duties. Keyed by reference: the same again
   * answers as the first (`duplicate: true`), another payment under its reference is a 409.
   */
  @Post(':mrn/payments')
  @HttpCode(202)
  @Roles('treasury', 'clearance-system')
  async pay(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const p = parseOr400(PaymentSchema, { ...(body as object), actor: principal.sub }, 'payment');
    if (p.method === 'PAYMENT' && principal.role !== 'treasury')
      throw new ForbiddenException(
        'a payment is confirmed by the treasury (role treasury), not by the declarant',
      );
    if (p.method === 'GUARANTEE' && principal.role !== 'clearance-system')
      throw new ForbiddenException("a guarantee is offered by the declarant's clearance system");
    const { duplicate } = await this.declarations.pay(mrnOf(mrn), principal, p);
    return { mrn, accepted: true, duplicate, links: links(mrn) };
  }

  @Post(':mrn/intelligence-hits')
  @HttpCode(202)
  @Roles('officer', 'supervisor', 'partner')
  async hit(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const hit = parseOr400(HitBody, body, 'intelligence hit');
    await this.declarations.intelligence(mrnOf(mrn), principal, {
      ...hit,
      source: `${principal.role}:${principal.sub}`,
    });
    return { mrn, accepted: true, links: links(mrn) };
  }
}

/**
 * The case's declaration with `changes` merged, or undefined when the merge is not a valid
 * declaration; then, where the case would take the command (`applies`), a 409 naming each bad field.
 */
function mergedOr409(current: DeclarationView, changes: DeclarationChanges, what: string, applies: boolean) {
  const merged = applyAmendment(current.declaration, { reason: what, changes });
  if (!merged.success && applies)
    throw new ConflictException(`${what} not valid: ${issuesText(merged.error.issues)}`);
  return merged.success ? merged.data : undefined;
}

function issuesText(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`).join('; ');
}

const viewFor = (p: Principal, view: DeclarationView) => declarationViewFor(audienceOf(p.role), view);

function mrnOf(mrn: string): string {
  return parseOr400(MrnParam, mrn, 'MRN');
}

function links(mrn: string) {
  const self = `/v1/declarations/${mrn}`;
  return {
    self,
    amendments: `${self}/amendments`,
    invalidation: `${self}/invalidation`,
    controlResults: `${self}/control-results`,
    payments: `${self}/payments`,
  };
}
