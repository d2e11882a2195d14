import type { ItemFinding } from './audit-assessment';

/**
 * The commands of a post-entry audit (contracts/audit.ts), each carrying its actor: the token
 * subject the API read. The API has parsed each with zod; the workflow checks it against the case.
 */

/** Auditor: documents the trader must produce by the deadline (settings.documentDeadlineMs). */
export interface RequestDocuments {
  documents: string[];
  actor: string;
  note?: string;
}
/** Trader: the documents produced for the open request. */
export interface AnswerDocuments {
  documents: { name: string; reference: string }[];
  actor: string;
  remarks?: string;
}
/** Trader: one extension per audit, before the deadline. */
export interface AskExtension {
  actor: string;
  reason: string;
}
/** Auditor: the field-audit visit date agreed with the trader. */
export interface RecordVisit {
  at: string;
  actor: string;
  place?: string;
}
/** Auditor: findings per declaration item (empty: nothing found). They replace earlier findings. */
export interface RecordFindings {
  findings: ItemFinding[];
  actor: string;
  summary?: string;
}
export interface IssueDraftReport {
  actor: string;
  summary?: string;
}
/** Trader: a comment on the draft report, within the comments period. */
export interface CommentDraft {
  actor: string;
  comment: string;
}
export interface IssueFinalAssessment {
  actor: string;
  remarks?: string;
}
/** Trader: an appeal within the appeal window; it suspends collection until decided. */
export interface AppealAssessment {
  actor: string;
  grounds: string;
}
/** The appeal's decision; PARTLY_UPHELD carries the corrected findings, recomputed. */
export interface AppealDecision {
  decision: 'UPHELD' | 'PARTLY_UPHELD' | 'DISMISSED';
  actor: string;
  reason: string;
  findings?: ItemFinding[];
}
/** A payment confirmed for the audit debt; its reference is its key (a repeat counts once). */
export interface AuditPayment {
  reference: string;
  amount: string;
  currency: string;
  actor: string;
}
/** Collect the debt from the trader's guarantee (reserved and charged under the audit's id). */
export interface ChargeAuditGuarantee {
  grn: string;
  accessCode: string;
  actor: string;
  reason: string;
}
