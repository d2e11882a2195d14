import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { Assessment } from '../../domain/duties';
import type { Step } from '../../domain/explain';
import type { Channel, RiskHit } from '../../domain/risk';
import { AmendableDeclarationSchema, AmendmentSchema } from '../../domain/schemas/amendment';
import { cleanSoFar, issue, Text } from '../../domain/schemas/common';
import { ControlResultObjectSchema, type ControlResult } from '../../domain/schemas/control-result';
import type { Declaration } from '../../domain/schemas/declaration';
import type { PendingAction, TimelineEvent } from '../timeline';

/**
 * Messages of the declaration process (`declaration/<MRN>`): one query, the officer and declarant
 * updates (each with a validator in the workflow), two signals. The zod schemas below are the
 * payload contracts: the API parses request bodies with them and the workflow validators parse
 * again, so a malformed update is rejected before it reaches history.
 */

export const DECLARATION_STATES = [
  'LODGED',
  'ACCEPTED',
  'AWAITING_PRESENTATION',
  'RISK_ASSESSED',
  'QUERIED',
  'UNDER_CONTROL',
  'HELD',
  'DUTIES_ASSESSED',
  'AWAITING_PAYMENT',
  'RELEASED',
  'NOT_RELEASED',
  'REJECTED',
  'INVALIDATED',
  'CANCELLED',
] as const;
export type DeclarationState = (typeof DECLARATION_STATES)[number];
/** States after which nothing but (for RELEASED) a customs invalidation or an intelligence hit happens. */
export const FINAL_DECLARATION_STATES: readonly DeclarationState[] = ['RELEASED', 'NOT_RELEASED', 'REJECTED', 'INVALIDATED', 'CANCELLED'];

export interface RiskView {
  profileId: string;
  profileVersion: number;
  round: number;
  /** Random-selection seed (from the workflow id) and the draw it gave: replay reproduces both. */
  seed: string;
  draw: number;
  randomlySelected: boolean;
  score: number;
  /** Channel the engine chose (before re-routing, intelligence hits or the no-lowering rule). */
  engineChannel: Channel;
  hits: RiskHit[];
  explanation: string[];
}

export interface ControlView {
  type: 'DOCUMENTARY' | 'PHYSICAL';
  channel: Channel;
  requestedAt: string;
  result?: ControlResult & { refuseRelease: boolean };
}

export interface DutiesView {
  currency: string;
  totals: Assessment['totals'];
  items: Assessment['items'];
  /** Every step of the computation, in order, with the arithmetic written out. */
  explanation: Step[];
  assessedAt: string;
}

export interface PaymentView {
  due: string;
  currency: string;
  paid: string;
  secured?: { grn: string; amount: string };
  receipts: { reference: string; amount: string; method: 'PAYMENT' | 'GUARANTEE'; at: string }[];
}

/** The case view of a declaration: one plain object, updated in one place, returned by `caseView`. */
export interface DeclarationView {
  caseId: string;
  kind: 'declaration';
  mrn: string;
  lrn: string;
  declarant: string;
  lodgedBy: string;
  office: string;
  country: string;
  type: string;
  state: DeclarationState;
  channel?: Channel;
  /** Why the channel is what it is: engine decision, re-routings, intelligence hits, in order. */
  channelReasons: string[];
  risk?: RiskView;
  control?: ControlView;
  query?: { question: string; askedAt: string; answer?: string; answeredAt?: string };
  duties?: DutiesView;
  payment?: PaymentView;
  amendments: number;
  intelligenceHits: (IntelligenceHit & { at: string; afterRelease: boolean })[];
  /** Post-entry audit requested (BLUE channel, or an intelligence hit after release). */
  auditRequested: boolean;
  stuck: boolean;
  stuckSince?: string;
  escalations: number;
  /** Office or officer a supervisor reassigned the case to. */
  assignedTo?: string;
  pending?: PendingAction;
  payloadHash: string;
  /** The declaration as it stands (after amendments and control corrections). */
  declaration: Declaration;
  timeline: TimelineEvent[];
}

export const caseView = defineQuery<DeclarationView>('caseView');

// ---------------------------------------------------------------------------------------------
// Officer updates

/**
 * Result of a documentary check or physical examination: the shared control-result contract, plus
 * the officer's decision. `corrections` (non-conform / corrected results) replace sections of the
 * declaration as found, and the duties are assessed again on the corrected declaration;
 * `refuseRelease` ends the case NOT_RELEASED.
 */
export const ControlDecisionSchema = ControlResultObjectSchema.extend({
  refuseRelease: z.boolean().default(false),
  corrections: AmendableDeclarationSchema.optional(),
}).superRefine(
  (r, ctx) => {
    if (r.outcome !== 'CONFORM' && r.findings.length === 0) issue(ctx, 'required', `a ${r.outcome} result needs at least one finding`, ['findings']);
    if (r.outcome === 'CONFORM' && r.refuseRelease) issue(ctx, 'inconsistent', 'a CONFORM result cannot refuse release', ['refuseRelease']);
    if (r.outcome === 'CONFORM' && r.corrections) issue(ctx, 'inconsistent', 'a CONFORM result carries no corrections', ['corrections']);
  },
  { when: cleanSoFar },
);
export type ControlDecision = z.infer<typeof ControlDecisionSchema>;
export type ControlDecisionInput = z.input<typeof ControlDecisionSchema>;
export const recordControlResult = defineUpdate<DeclarationView, [ControlDecisionInput]>('recordControlResult');

/** Re-routing by role: an officer may raise a channel; lowering one takes a supervisor. */
export const RerouteSchema = z.object({
  channel: z.enum(['GREEN', 'BLUE', 'YELLOW', 'QUERY', 'RED']),
  reason: Text(512),
  office: z.string().regex(/^[A-Z]{2}[A-Z0-9]{6}$/, 'must be an office code such as KZALA001'),
  actor: Text(100),
  role: z.enum(['officer', 'supervisor']),
});
export type Reroute = z.infer<typeof RerouteSchema>;
export const reroute = defineUpdate<DeclarationView, [Reroute]>('reroute');

/** Presentation of the goods of a pre-lodged declaration at the office (officer). */
export const PresentationSchema = z.object({
  office: z.string().regex(/^[A-Z]{2}[A-Z0-9]{6}$/, 'must be an office code such as KZALA001'),
  actor: Text(100),
  remarks: Text(512).optional(),
});
export type Presentation = z.infer<typeof PresentationSchema>;
export const presentGoods = defineUpdate<DeclarationView, [Presentation]>('presentGoods');

// ---------------------------------------------------------------------------------------------
// Declarant updates

export const AmendRequestSchema = z.object({ amendment: AmendmentSchema, actor: Text(100) });
export type AmendRequest = z.input<typeof AmendRequestSchema>;
export const amendDeclaration = defineUpdate<DeclarationView, [AmendRequest]>('amendDeclaration');

/** Invalidation: by the declarant before release, by customs only after release. */
export const InvalidationSchema = z.object({ by: z.enum(['declarant', 'customs']), actor: Text(100), reason: Text(512) });
export type Invalidation = z.infer<typeof InvalidationSchema>;
export const invalidateDeclaration = defineUpdate<DeclarationView, [Invalidation]>('invalidateDeclaration');

export const QueryAnswerSchema = z.object({ answer: Text(4000), actor: Text(100) });
export type QueryAnswer = z.infer<typeof QueryAnswerSchema>;
export const answerQuery = defineUpdate<DeclarationView, [QueryAnswer]>('answerQuery');

// ---------------------------------------------------------------------------------------------
// Signals

/**
 * Payment confirmed by the bank / treasury, or duties secured by a guarantee (the workflow reserves
 * the amount due on the guarantee workflow; a refusal is recorded and the case keeps waiting).
 */
export const PaymentSchema = z
  .object({
    method: z.enum(['PAYMENT', 'GUARANTEE']).default('PAYMENT'),
    reference: Text(70),
    amount: z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be a decimal string such as "1250.00"').optional(),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(),
    grn: Text(24).optional(),
    accessCode: Text(8).optional(),
    actor: Text(100),
  })
  .superRefine(
    (p, ctx) => {
      if (p.method === 'PAYMENT' && (!p.amount || !p.currency)) issue(ctx, 'required', 'a payment needs amount and currency', ['amount']);
      if (p.method === 'GUARANTEE' && (!p.grn || !p.accessCode)) issue(ctx, 'required', 'a guarantee needs grn and accessCode', ['grn']);
    },
    { when: cleanSoFar },
  );
export type Payment = z.infer<typeof PaymentSchema>;
export const confirmPayment = defineSignal<[Payment]>('confirmPayment');

export const IntelligenceHitSchema = z.object({
  alertId: Text(100),
  reason: Text(512),
  severity: z.enum(['LOW', 'MEDIUM', 'HIGH']).default('HIGH'),
  source: Text(100),
});
export type IntelligenceHit = z.infer<typeof IntelligenceHitSchema>;
export const intelligenceHit = defineSignal<[IntelligenceHit]>('intelligenceHit');
