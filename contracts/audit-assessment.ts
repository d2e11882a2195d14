import type { Step } from '../domain/explain';

/**
 * The money side of a post-entry audit (contracts/audit.ts): the declarations as assessed at
 * release, the findings per item, the recomputation the activity returns and the assessment the
 * workflow derives from it. Every amount is a decimal string in the audit's (national) currency.
 */

/** What a finding on an item found wrong; penalties are configured per type (settings.penalties). */
export const AUDIT_VIOLATIONS = [
  'UNDERVALUATION',
  'MISCLASSIFICATION',
  'ORIGIN',
  'PREFERENCE',
  'QUANTITY',
  'NO_DOCUMENTS',
  'OTHER',
] as const;
export type AuditViolation = (typeof AUDIT_VIOLATIONS)[number];

/** A penalty for a violation type: a share of the additional amount of the item, a fixed amount, or both. */
export interface PenaltyRule {
  /** Percent of the item's additional amount (decimal string, e.g. "20"). */
  percentOfDifference?: string;
  /** Fixed amount in the audit currency (decimal string), per item found in violation. */
  fixed?: string;
}

/** Duties and taxes of an item (national currency, decimal strings). */
export interface DutyAmounts {
  duty: string;
  excise: string;
  vat: string;
  /** duty + excise + VAT */
  total: string;
}

/** An item of an audited declaration as it was assessed at release. */
export interface AuditedItem {
  seq: number;
  hsCode: string;
  description?: string;
  /** Customs value in the national currency, as assessed. */
  customsValue: string;
  originCountry: string;
  preferentialOriginCountry?: string;
  /** The preference granted at release (its id), if any. */
  preference?: string;
  quantity: string;
  /** UN/ECE Rec. 20 unit of `quantity`. */
  unit: string;
  netMassKg: string;
  /** What was assessed at release for this item. */
  assessed: DutyAmounts;
}

/** A released declaration under audit, with what the recomputation needs. */
export interface AuditedDeclaration {
  mrn: string;
  type: 'IM' | 'EX';
  /** YYYY-MM-DD: the tariff and rates valid that day apply to the recomputation. */
  acceptanceDate: string;
  /** ISO 8601: late-payment interest runs from this date. */
  releasedAt: string;
  /** National currency of the original assessment. */
  currency: string;
  /** Codes of the documents on the declaration (proofs of origin decide preferences). */
  documents: string[];
  items: AuditedItem[];
}

/** A finding on one item: what the auditor established; absent fields stand as declared. */
export interface ItemFinding {
  mrn: string;
  itemSeq: number;
  violation: AuditViolation;
  customsValue?: string;
  hsCode?: string;
  originCountry?: string;
  preferentialOriginCountry?: string;
  /** The preference granted at release is withdrawn (proof of origin not valid). */
  preferenceWithdrawn?: boolean;
  quantity?: string;
  netMassKg?: string;
  note?: string;
}

/** What the recomputation activity gets: the audited declarations and the findings to apply. */
export interface AuditRecomputationRequest {
  country: string;
  currency: string;
  declarations: AuditedDeclaration[];
  findings: ItemFinding[];
}

/** One item recomputed with the tariff and rates of its acceptance date. */
export interface ItemRecomputation {
  mrn: string;
  itemSeq: number;
  customsValue: string;
  hsCode: string;
  original: DutyAmounts;
  corrected: DutyAmounts;
  /** corrected - original; negative is a refund. */
  difference: DutyAmounts;
  /** The duty engine's steps, in order, with the arithmetic written out. */
  explanation: Step[];
}

export interface AuditRecomputation {
  currency: string;
  /** Decimal places of the currency's minor unit: every amount is rounded to it. */
  scale: number;
  items: ItemRecomputation[];
}

export interface PenaltyLine {
  mrn: string;
  itemSeq: number;
  violation: AuditViolation;
  amount: string;
  rule: string;
}

export interface InterestLine {
  mrn: string;
  /** The declaration's additional amount the interest runs on (refunds carry none). */
  base: string;
  from: string;
  to: string;
  days: number;
  amount: string;
}

/** The money of an audit: recomputed items, interest, penalties and what is due (negative: refund). */
export interface AuditAssessment {
  currency: string;
  scale: number;
  items: (ItemRecomputation & { violation: AuditViolation })[];
  difference: DutyAmounts;
  interest: InterestLine[];
  interestTotal: string;
  penalties: PenaltyLine[];
  penaltyTotal: string;
  /** difference.total + interest + penalties. */
  due: string;
  /** The audit-level steps (interest, penalties, total), after the items' own. */
  explanation: string[];
  computedAt: string;
}
