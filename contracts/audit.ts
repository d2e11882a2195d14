import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AuditAssessment,
  AuditedDeclaration,
  ItemFinding,
  PenaltyRule,
  AuditViolation,
} from './audit-assessment';
import type {
  AnswerDocuments,
  AppealAssessment,
  AppealDecision,
  AskExtension,
  AuditPayment,
  ChargeAuditGuarantee,
  CommentDraft,
  IssueDraftReport,
  IssueFinalAssessment,
  RecordFindings,
  RecordVisit,
  RequestDocuments,
} from './audit-commands';
import type { PendingAction, TimelineEvent } from './timeline';

/**
 * The post-entry audit process (`audit/<auditId>`, workflow type `auditWorkflow`): its input and
 * settings, its view, its commands and the updates that carry them. Plain types: the API parses every
 * payload with zod at the door and hands the canonical value on; the workflow's validators check the
 * command against the case only (domain/audit). Supervisor actions (reassign the auditor, extend a
 * deadline, escalate) are the shared `supervise` update of contracts/supervision.ts. Search
 * attributes: CaseKind `audit`, CaseState, Office, Country, Stuck, StuckSince (no Channel).
 */

export * from './audit-assessment';
export * from './audit-commands';

export const AUDIT_WORKFLOW_TYPE = 'auditWorkflow';
export const auditWorkflowId = (auditId: string): string => `audit/${auditId}`;

/** How the audit was selected. */
export type AuditSource = 'BLUE' | 'HIT_AFTER_RELEASE' | 'REQUEST' | 'SAMPLE';
export type AuditKind = 'DESK_REVIEW' | 'DOCUMENT_REQUEST' | 'FIELD_AUDIT';

export const AUDIT_STATES = [
  'OPENED',
  'NOTICE_SENT',
  'AWAITING_DOCUMENTS',
  'VISIT_SCHEDULED',
  'UNDER_REVIEW',
  'DRAFT_ISSUED',
  'FINAL_ASSESSED',
  'APPEALED',
  'AWAITING_PAYMENT',
  'CLOSED',
] as const;
export type AuditState = (typeof AUDIT_STATES)[number];

/** The states in which an audit waits for someone, each with its own SLA. */
export const AUDIT_WAITING_STATES = [
  'NOTICE_SENT',
  'AWAITING_DOCUMENTS',
  'VISIT_SCHEDULED',
  'UNDER_REVIEW',
  'DRAFT_ISSUED',
  'FINAL_ASSESSED',
  'APPEALED',
  'AWAITING_PAYMENT',
] as const;
export type AuditWaitingState = (typeof AUDIT_WAITING_STATES)[number];

/** How the audit ended. */
export type AuditOutcome =
  'NO_FINDINGS' | 'PAID' | 'CHARGED_TO_GUARANTEE' | 'APPEAL_UPHELD' | 'REFUND' | 'NOTHING_DUE';

/**
 * What an audit workflow gets as `settings` (milliseconds and decimal strings, resolved for the
 * administration by the API from config/audit.ts): the workflow never reads config.
 */
export interface AuditSettings {
  /** Time the trader has to answer a document request. */
  documentDeadlineMs: number;
  /** The reminder goes out this long before a document deadline. */
  reminderLeadMs: number;
  /** What the one extension a trader may ask for adds to the deadline. */
  extensionMs: number;
  /** Time the trader has to comment on the draft report. */
  commentsPeriodMs: number;
  /** Time the trader has to appeal the final assessment. */
  appealWindowMs: number;
  /** SLA of a waiting state without an entry in `slaByStateMs`. */
  slaMs: number;
  slaByStateMs?: Partial<Record<AuditWaitingState, number>>;
  /** Late-payment interest, percent per day (decimal string, e.g. "0.03"). */
  interestPercentPerDay: string;
  /** Penalty rule per violation type; a type without a rule carries none. */
  penalties: Partial<Record<AuditViolation, PenaltyRule>>;
}

export interface AuditInput {
  auditId: string;
  /** ISO 3166 alpha-2 of the administration that audits. */
  country: string;
  /** Office (audit unit) in charge. */
  office: string;
  /** Principal (`sub`) of the clearance system that lodged the declarations: it sees the audit. */
  owner: string;
  /** The trader audited: declarant TIN (or name), as on the declarations. */
  declarant: string;
  source: AuditSource;
  kind: AuditKind;
  /** National currency of the administration: every amount of the audit is in it. */
  currency: string;
  declarations: AuditedDeclaration[];
  /** Auditor in charge (token subject). */
  auditor: string;
  /** Who selected it: a supervisor's subject, or `system` for BLUE, hit and sample selection. */
  requestedBy: string;
  reason: string;
  openedAt: string;
  settings: AuditSettings;
}

export interface DocumentRequest {
  seq: number;
  documents: string[];
  requestedAt: string;
  requestedBy: string;
  deadline: string;
  remindedAt?: string;
  extension?: { at: string; by: string; reason: string; previous: string };
  overdueAt?: string;
  answer?: { at: string; by: string; documents: { name: string; reference: string }[]; remarks?: string };
}

export interface AuditReceipt {
  reference: string;
  method: 'PAYMENT' | 'GUARANTEE';
  amount: string;
  at: string;
  grn?: string;
}

/** The case view of an audit: one plain object, returned by `caseView` and every update. */
export interface AuditView {
  caseId: string;
  kind: 'audit';
  auditId: string;
  auditKind: AuditKind;
  source: AuditSource;
  state: AuditState;
  country: string;
  office: string;
  owner: string;
  declarant: string;
  currency: string;
  auditor: string;
  requestedBy: string;
  reason: string;
  /** The MRNs under audit. */
  declarations: string[];
  documentRequests: DocumentRequest[];
  visit?: { at: string; agreedAt: string; by: string; place?: string };
  findings?: { recordedAt: string; by: string; items: ItemFinding[]; summary?: string };
  /** Set once the findings are recomputed; cleared while a recomputation runs. */
  assessment?: AuditAssessment;
  draft?: {
    issuedAt: string;
    by: string;
    commentsUntil: string;
    /** Set when the comments period ended: the final assessment may be issued. */
    commentsClosedAt?: string;
    comments: { at: string; by: string; comment: string }[];
  };
  final?: { issuedAt: string; by: string; appealUntil: string; due: string };
  appeal?: {
    at: string;
    by: string;
    grounds: string;
    decision?: { at: string; by: string; decision: AppealDecision['decision']; reason: string };
  };
  payment?: { due: string; paid: string; receipts: AuditReceipt[]; guaranteeRefusal?: string };
  outcome?: AuditOutcome;
  closedAt?: string;
  stuck: boolean;
  stuckSince?: string;
  escalations: number;
  /** Auditor a supervisor reassigned the audit to. */
  assignedTo?: string;
  pending?: PendingAction;
  timeline: TimelineEvent[];
}

export const auditView = defineQuery<AuditView>('caseView');

// ---------------------------------------------------------------------------------------------
// Messages: every command is an update that answers the view, or is refused (409 at the API).

export const requestAuditDocuments = defineUpdate<AuditView, [RequestDocuments]>('requestDocuments');
export const answerAuditDocuments = defineUpdate<AuditView, [AnswerDocuments]>('answerDocuments');
export const askAuditExtension = defineUpdate<AuditView, [AskExtension]>('askExtension');
export const recordAuditVisit = defineUpdate<AuditView, [RecordVisit]>('recordVisit');
export const recordAuditFindings = defineUpdate<AuditView, [RecordFindings]>('recordFindings');
export const issueAuditDraft = defineUpdate<AuditView, [IssueDraftReport]>('issueDraftReport');
export const commentAuditDraft = defineUpdate<AuditView, [CommentDraft]>('commentDraft');
export const issueAuditFinal = defineUpdate<AuditView, [IssueFinalAssessment]>('issueFinalAssessment');
export const appealAudit = defineUpdate<AuditView, [AppealAssessment]>('appeal');
export const decideAuditAppeal = defineUpdate<AuditView, [AppealDecision]>('decideAppeal');
export const payAudit = defineUpdate<AuditView, [AuditPayment]>('pay');
export const chargeAuditGuarantee = defineUpdate<AuditView, [ChargeAuditGuarantee]>('chargeGuarantee');

// ---------------------------------------------------------------------------------------------
// What leaves the workflow

/**
 * Outbox message types of an audit. Destinations: the trader's clearance system
 * (`clearance-system:<owner>`) for notices, requests, reminders, reports and outcomes; the office's
 * supervisor (`supervisor:<office>`, type `case-stuck` / `case-escalated`) for SLA breaches and for
 * documents not produced by the deadline.
 */
export const AUDIT_MESSAGES = {
  notice: 'audit-notice',
  documentsRequested: 'audit-documents-requested',
  reminder: 'audit-documents-reminder',
  visitScheduled: 'audit-visit-scheduled',
  draftReport: 'audit-draft-report',
  finalAssessment: 'audit-final-assessment',
  appealDecided: 'audit-appeal-decided',
  closed: 'audit-closed',
} as const;

/**
 * The read model's `view` details of an audit row (cases table, kind `audit`), beside the columns
 * (businessId = auditId, office, country, declarant, owner): what listings and statistics read.
 */
export interface AuditProjectionDetails {
  auditId: string;
  source: AuditSource;
  auditKind: AuditKind;
  auditor: string;
  declarations: string[];
  /** Earliest release among the audited declarations (time from release to final assessment). */
  releasedAt: string;
  currency: string;
  findings: number;
  /** From the final assessment on: additional amount (difference), interest, penalties, due. */
  difference?: string;
  interest?: string;
  penalties?: string;
  due?: string;
  finalAt?: string;
  paid?: string;
  outcome?: AuditOutcome;
  closedAt?: string;
  /** Documents requested and answered after the deadline or not at all (compliance: timeliness). */
  documentsLate: number;
}
