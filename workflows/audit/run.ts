import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../shell/proxies';
import {
  CaseKind,
  CaseState,
  Country,
  Office,
  Stuck,
  StuckSince,
  type AuditInput,
  type AuditProjectionDetails,
  type AuditView,
} from '../../contracts';
import { newAuditCase, type AuditCase } from '../../domain/audit/case';
import { CaseShell } from '../shell/case';
import { replaceContents } from '../shell/live';
import { publishRun } from '../shell/publish';
export { unpublished } from '../shell/publish';

export { caseActivities as acts } from '../shell/proxies';
/** Missing reference data for a corrected item fails for good: the audit is stuck until new findings. */
export const engine = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: {
    initialInterval: '1s',
    maximumInterval: '30s',
    backoffCoefficient: 2,
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['AssessmentError'],
  },
});

/** One audit run: the live case value and its shell (search attributes, read-model projection). */
export interface Run {
  input: AuditInput;
  caseId: string;
  c: AuditCase;
  shell: CaseShell<AuditView>;
  /** The timeline length the last read-model write covered: what a handler adds after it is new. */
  published: number;
}

function details(c: AuditCase): AuditProjectionDetails {
  const v = c.view;
  const a = v.assessment;
  const late = v.documentRequests.filter((r) => r.overdueAt || (r.answer && r.answer.at > r.deadline));
  const released = c.input.declarations.map((d) => d.releasedAt).sort();
  return {
    auditId: v.auditId,
    source: v.source,
    auditKind: v.auditKind,
    auditor: v.auditor,
    declarations: v.declarations,
    releasedAt: released[0] ?? c.input.openedAt,
    currency: v.currency,
    findings: v.findings?.items.length ?? 0,
    ...(v.final && a
      ? {
          difference: a.difference.total,
          interest: a.interestTotal,
          penalties: a.penaltyTotal,
          due: v.payment?.due ?? v.final.due,
          finalAt: v.final.issuedAt,
        }
      : {}),
    ...(v.payment ? { paid: v.payment.paid } : {}),
    ...(v.outcome ? { outcome: v.outcome, closedAt: v.closedAt } : {}),
    documentsLate: late.length,
  };
}

export function newRun(input: AuditInput): Run {
  const caseId = workflowInfo().workflowId;
  const c = newAuditCase(input, caseId);
  const shell = new CaseShell<AuditView>(c.view, {
    attributes: (v) => [
      { key: CaseKind, value: 'audit' },
      { key: CaseState, value: v.state },
      { key: Office, value: v.office },
      { key: Country, value: v.country },
      { key: Stuck, value: v.stuck },
      { key: StuckSince, value: v.stuckSince ? new Date(v.stuckSince) : null },
    ],
    columns: (v) => ({
      businessId: v.auditId,
      office: v.office,
      country: v.country,
      declarant: v.declarant,
      owner: v.owner,
      details: details(c) as unknown as Record<string, unknown>,
    }),
  });
  return { input, caseId, c, shell, published: 0 };
}

/** Takes the value a pure apply returned as the audit's current state (the query and shell see it). */
export function commit(r: Run, next: AuditCase): void {
  replaceContents(r.c, next, ['view', 'waiting']);
}

/** The read model, search attributes and messages of the last changes (workflows/shell/publish.ts). */
export const publish = (r: Run): Promise<void> => publishRun(r, (next) => commit(r, next));
