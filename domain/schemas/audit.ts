import { z } from 'zod';
import type * as C from '../../contracts/audit';
import { AUDIT_VIOLATIONS } from '../../contracts/audit-assessment';
import { isValidMrn } from '../mrn';
import {
  AccessCodeSchema,
  CountryCode,
  GrnSchema,
  IsoDate,
  IsoDateTime,
  Text,
  amount,
  cleanSoFar,
  hsCode,
  issue,
  massKg,
  quantity,
} from './common';

/**
 * The post-entry audit at the door (issue 14; contracts/audit.ts): every payload the audit routes take,
 * parsed once by the API. The workflow's validators check each command against the case only.
 */

export const MrnSchema = z
  .string()
  .refine(isValidMrn, 'not a valid MRN (18 characters with a correct check digit)');
export const AuditIdSchema = z
  .string()
  .regex(/^[A-Z]{2}-A[0-9A-Z]{16}$/, 'an audit id such as KZ-A0123456789ABCDEF');
const Tin = z.string().regex(/^[A-Z0-9]{5,20}$/, 'a taxpayer identification number: 5-20 letters or digits');
const Subject = z.string().regex(/^[A-Za-z0-9@._:-]{2,100}$/, 'a token subject: letters, digits, @ . _ : -');

/**
 * Opening an audit by hand: the declarations named, or a trader's declarations released in a period.
 * The same request again names the same audit (its id derives from this value, canonical).
 */
export const OpenAuditSchema = z
  .object({
    declarations: z
      .array(MrnSchema)
      .min(1, 'name at least one declaration')
      .max(50)
      .refine((l) => new Set(l).size === l.length, 'a declaration is named twice')
      .optional(),
    trader: z.object({ tin: Tin }).optional(),
    period: z.object({ from: IsoDate, to: IsoDate }).optional(),
    kind: z.enum(['DESK_REVIEW', 'DOCUMENT_REQUEST', 'FIELD_AUDIT']).default('DOCUMENT_REQUEST'),
    reason: Text(512, { lines: true }),
    /** Auditor in charge; an auditor opening it takes it by default. */
    auditor: Subject.optional(),
  })
  .superRefine(
    (o, ctx) => {
      const byTrader = o.trader !== undefined || o.period !== undefined;
      if (o.declarations && byTrader)
        issue(ctx, 'either_or', 'name declarations, or a trader and a period, not both', ['declarations']);
      if (!o.declarations && !byTrader)
        issue(ctx, 'required', 'name declarations, or a trader and a period', ['declarations']);
      if (byTrader && !o.trader) issue(ctx, 'required', 'a period needs the trader', ['trader']);
      if (byTrader && !o.period) issue(ctx, 'required', 'a trader needs a period', ['period']);
      if (o.period && o.period.from > o.period.to)
        issue(ctx, 'invalid_period', 'from must not be after to', ['period', 'from']);
    },
    { when: cleanSoFar },
  );
export type OpenAudit = z.infer<typeof OpenAuditSchema>;

export const RecordVisitSchema = z.object({
  at: IsoDateTime,
  place: Text(200).optional(),
});

export const RequestDocumentsSchema = z.object({
  documents: z.array(Text(200)).min(1, 'request at least one document').max(50),
  note: Text(1000, { lines: true }).optional(),
});

export const AnswerDocumentsSchema = z.object({
  documents: z
    .array(z.object({ name: Text(200), reference: Text(200) }))
    .min(1, 'produce at least one document')
    .max(100),
  remarks: Text(2000, { lines: true }).optional(),
});

export const AskExtensionSchema = z.object({ reason: Text(512, { lines: true }) });

/** A finding on one item; a corrected value is never negative, a quantity never zero. */
export const ItemFindingSchema = z
  .object({
    mrn: MrnSchema,
    itemSeq: z.number().int().min(1),
    violation: z.enum(AUDIT_VIOLATIONS),
    customsValue: amount('customs value').optional(),
    hsCode: hsCode().optional(),
    originCountry: CountryCode.optional(),
    preferentialOriginCountry: CountryCode.optional(),
    preferenceWithdrawn: z.boolean().optional(),
    quantity: quantity().optional(),
    netMassKg: massKg('net mass').optional(),
    note: Text(1000, { lines: true }).optional(),
  })
  .superRefine(
    (f, ctx) => {
      if (f.quantity !== undefined && Number(f.quantity) === 0)
        issue(ctx, 'zero_quantity', 'quantity must be greater than zero', ['quantity']);
    },
    { when: cleanSoFar },
  );

export const RecordFindingsSchema = z.object({
  findings: z.array(ItemFindingSchema).max(500),
  summary: Text(4000, { lines: true }).optional(),
});

export const IssueDraftSchema = z.object({ summary: Text(4000, { lines: true }).optional() });
export const CommentDraftSchema = z.object({ comment: Text(4000, { lines: true }) });
export const IssueFinalSchema = z.object({ remarks: Text(4000, { lines: true }).optional() });
export const AppealSchema = z.object({ grounds: Text(4000, { lines: true }) });

export const AppealDecisionSchema = z
  .object({
    decision: z.enum(['UPHELD', 'PARTLY_UPHELD', 'DISMISSED']),
    reason: Text(2000, { lines: true }),
    findings: z.array(ItemFindingSchema).max(500).optional(),
  })
  .superRefine(
    (d, ctx) => {
      if (d.decision === 'PARTLY_UPHELD' && !d.findings)
        issue(ctx, 'required', 'a partly upheld appeal carries the corrected findings', ['findings']);
      if (d.decision !== 'PARTLY_UPHELD' && d.findings)
        issue(ctx, 'unexpected', 'findings come only with PARTLY_UPHELD', ['findings']);
    },
    { when: cleanSoFar },
  );

/** A payment of the audit debt, confirmed by the treasury; its reference is its key. */
export const AuditPaymentSchema = z.object({
  reference: Text(70),
  amount: amount(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code'),
});

export const ChargeGuaranteeSchema = z.object({
  grn: GrnSchema,
  accessCode: AccessCodeSchema,
  reason: Text(512, { lines: true }),
});

/** Compile-time proof that every parsed payload, with its actor, is a command of the contract. */
type Fits<Parsed extends Contract, Contract> = [Parsed, Contract];
type WithActor<S extends z.ZodType> = z.infer<S> & { actor: string };
export type AuditCommandFits = [
  Fits<WithActor<typeof RecordVisitSchema>, C.RecordVisit>,
  Fits<WithActor<typeof RequestDocumentsSchema>, C.RequestDocuments>,
  Fits<WithActor<typeof AnswerDocumentsSchema>, C.AnswerDocuments>,
  Fits<WithActor<typeof AskExtensionSchema>, C.AskExtension>,
  Fits<WithActor<typeof RecordFindingsSchema>, C.RecordFindings>,
  Fits<WithActor<typeof IssueDraftSchema>, C.IssueDraftReport>,
  Fits<WithActor<typeof CommentDraftSchema>, C.CommentDraft>,
  Fits<WithActor<typeof IssueFinalSchema>, C.IssueFinalAssessment>,
  Fits<WithActor<typeof AppealSchema>, C.AppealAssessment>,
  Fits<WithActor<typeof AppealDecisionSchema>, C.AppealDecision>,
  Fits<WithActor<typeof AuditPaymentSchema>, C.AuditPayment>,
  Fits<WithActor<typeof ChargeGuaranteeSchema>, C.ChargeAuditGuarantee>,
];
