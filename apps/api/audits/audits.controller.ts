import { Body, ConflictException, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import {
  answerAuditDocuments,
  appealAudit,
  askAuditExtension,
  chargeAuditGuarantee,
  commentAuditDraft,
  decideAuditAppeal,
  issueAuditDraft,
  issueAuditFinal,
  payAudit,
  recordAuditFindings,
  recordAuditVisit,
  requestAuditDocuments,
  type AuditView,
} from '../../../contracts/audit';
import {
  AnswerDocumentsSchema,
  AppealDecisionSchema,
  AppealSchema,
  AskExtensionSchema,
  AuditIdSchema,
  AuditPaymentSchema,
  ChargeGuaranteeSchema,
  CommentDraftSchema,
  IssueDraftSchema,
  IssueFinalSchema,
  OpenAuditSchema,
  RecordFindingsSchema,
  RecordVisitSchema,
  RequestDocumentsSchema,
} from '../../../domain/schemas/audit';
import { dec } from '../../../domain/money';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400, ValidationFailed } from '../common/errors';
import { isoDurationMs } from '../cases/case-query';
import { SignalBodySchema } from '../cases/cases.controller';
import { auditViewFor } from './audience';
import { AuditsService } from './audits.service';
import { findingIssues } from './findings';
import { AuditListQuerySchema } from './listing';

export const AUDIT_SUPERVISOR_ACTIONS = ['reassign', 'extend-deadline', 'escalate'] as const;
export const SupervisionParams = z.object({ id: AuditIdSchema, action: z.enum(AUDIT_SUPERVISOR_ACTIONS) });

/**
 * Post-entry audits (docs/audit-api.md). Supervisors, administrators and auditors open audits;
 * auditors conduct them (visit, document requests, findings, draft, final assessment); the audited
 * trader's clearance system answers, asks one extension, comments, appeals and may offer its
 * guarantee; supervisors and administrators decide appeals; the treasury confirms payments.
 * Every command is an update of `audit/<id>`: the workflow's refusal is a 409 with its reason.
 */
@Controller('v1/audits')
export class AuditsController {
  constructor(private readonly audits: AuditsService) {}

  @Post()
  @HttpCode(202)
  @Roles('supervisor', 'administrator', 'auditor')
  async open(@Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const res = await this.audits.open(parseOr400(OpenAuditSchema, body, 'audit request'), p);
    return { ...res, links: { self: `/v1/audits/${res.auditId}` } };
  }

  /** The audits the caller may see (a trader: its own), newest first, from the read model. */
  @Get()
  @Roles('clearance-system', 'auditor', 'supervisor', 'administrator')
  list(@Query() query: Record<string, unknown>, @CurrentPrincipal() p: Principal) {
    return this.audits.list(parseOr400(AuditListQuerySchema, query, 'query'), p);
  }

  @Get(':id')
  @Roles('clearance-system', 'auditor', 'supervisor', 'administrator')
  async get(@Param('id') id: string, @CurrentPrincipal() p: Principal) {
    return this.shown(p, await this.audits.view(idOf(id), p));
  }

  @Post(':id/visit')
  @HttpCode(200)
  @Roles('auditor')
  visit(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.command(id, p, recordAuditVisit, parseOr400(RecordVisitSchema, body, 'visit'));
  }

  @Post(':id/document-requests')
  @HttpCode(200)
  @Roles('auditor')
  requestDocuments(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const req = parseOr400(RequestDocumentsSchema, body, 'document request');
    return this.command(id, p, requestAuditDocuments, req);
  }

  @Post(':id/documents')
  @HttpCode(200)
  @Roles('clearance-system')
  answer(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.command(id, p, answerAuditDocuments, parseOr400(AnswerDocumentsSchema, body, 'answer'));
  }

  @Post(':id/extension')
  @HttpCode(200)
  @Roles('clearance-system')
  extension(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.command(id, p, askAuditExtension, parseOr400(AskExtensionSchema, body, 'extension request'));
  }

  @Post(':id/findings')
  @HttpCode(200)
  @Roles('auditor')
  async findings(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const f = parseOr400(RecordFindingsSchema, body, 'findings');
    const view = await this.audits.view(idOf(id), p);
    await this.checkFindings(view, f.findings);
    return this.audits.update(view.auditId, p, recordAuditFindings, { ...f, actor: p.sub }, view);
  }

  @Post(':id/draft')
  @HttpCode(200)
  @Roles('auditor')
  draft(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.command(id, p, issueAuditDraft, parseOr400(IssueDraftSchema, body ?? {}, 'draft report'));
  }

  @Post(':id/comments')
  @HttpCode(200)
  @Roles('clearance-system')
  comment(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.command(id, p, commentAuditDraft, parseOr400(CommentDraftSchema, body, 'comment'));
  }

  @Post(':id/final')
  @HttpCode(200)
  @Roles('auditor')
  final(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.command(id, p, issueAuditFinal, parseOr400(IssueFinalSchema, body ?? {}, 'final assessment'));
  }

  @Post(':id/appeal')
  @HttpCode(200)
  @Roles('clearance-system')
  appeal(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.command(id, p, appealAudit, parseOr400(AppealSchema, body, 'appeal'));
  }

  @Post(':id/appeal-decision')
  @HttpCode(200)
  @Roles('supervisor', 'administrator')
  async decide(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const d = parseOr400(AppealDecisionSchema, body, 'appeal decision');
    const view = await this.audits.view(idOf(id), p);
    if (d.findings) await this.checkFindings(view, d.findings);
    return this.audits.update(view.auditId, p, decideAuditAppeal, { ...d, actor: p.sub }, view);
  }

  /**
   * Confirmed by the treasury, keyed by reference as for declarations: the same payment again answers
   * as the first (`duplicate: true`) without reaching the case; another payment under a used
   * reference is a 409.
   */
  @Post(':id/payments')
  @HttpCode(202)
  @Roles('treasury')
  async pay(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const pay = parseOr400(AuditPaymentSchema, body, 'payment');
    const view = await this.audits.view(idOf(id), p);
    const used = view.payment?.receipts.find((r) => r.reference === pay.reference);
    if (used && (used.method !== 'PAYMENT' || !dec(used.amount).eq(dec(pay.amount))))
      throw new ConflictException(
        `payment reference ${pay.reference} was already used for another payment: a new payment takes a new reference`,
      );
    if (used) return { auditId: view.auditId, accepted: true, duplicate: true };
    const after = await this.audits.update(view.auditId, p, payAudit, { ...pay, actor: p.sub }, view);
    return {
      auditId: view.auditId,
      accepted: true,
      duplicate: false,
      state: after.state,
      payment: after.payment,
    };
  }

  @Post(':id/guarantee-charge')
  @HttpCode(200)
  @Roles('clearance-system', 'auditor', 'supervisor')
  charge(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.command(
      id,
      p,
      chargeAuditGuarantee,
      parseOr400(ChargeGuaranteeSchema, body, 'guarantee charge'),
    );
  }

  /** Reassign the auditor, extend the pending deadline, escalate: who and why recorded by the workflow. */
  @Post(':id/supervision/:action')
  @HttpCode(200)
  @Roles('supervisor')
  supervise(
    @Param() params: Record<string, string>,
    @Body() body: unknown,
    @CurrentPrincipal() p: Principal,
  ) {
    const { id, action } = parseOr400(SupervisionParams, params, 'supervisor action');
    const b = parseOr400(SignalBodySchema, body ?? {}, 'supervisor action');
    if (action === 'reassign' && !b.assignee)
      throw new ValidationFailed([
        { path: 'assignee', message: 'reassign needs an assignee', code: 'required' },
      ]);
    if (action === 'extend-deadline' && !b.extendBy)
      throw new ValidationFailed([
        { path: 'extendBy', message: 'extend-deadline needs extendBy (ISO 8601 duration)', code: 'required' },
      ]);
    return this.audits.supervise(id, p, {
      signal: action,
      reason: b.reason,
      actor: p.sub,
      role: p.role,
      assignee: b.assignee,
      extendByMs: b.extendBy ? isoDurationMs(b.extendBy) : undefined,
    });
  }

  private async command<A extends object>(
    id: string,
    p: Principal,
    def: UpdateDefinition<AuditView, [A & { actor: string }]>,
    arg: A,
  ) {
    return this.shown(p, await this.audits.update(idOf(id), p, def, { ...arg, actor: p.sub }));
  }

  private shown(p: Principal, view: AuditView) {
    return auditViewFor(p.role === 'clearance-system', view);
  }

  /** A finding names a declaration of the audit and one of its items: 400 naming each that does not. */
  private async checkFindings(view: AuditView, findings: { mrn: string; itemSeq: number }[]) {
    const issues = await findingIssues(view, findings, (mrn) => this.audits.declaration(mrn));
    if (issues.length) throw new ValidationFailed(issues, 'the findings name items the audit does not cover');
  }
}

function idOf(id: string): string {
  return parseOr400(AuditIdSchema, id, 'audit id');
}
