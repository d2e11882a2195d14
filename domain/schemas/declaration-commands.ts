import { z } from 'zod';
import type * as C from '../../contracts/declaration';
import { AmendableDeclarationSchema, AmendmentSchema } from './amendment';
import { cleanSoFar, issue, Text } from './common';
import { ControlResultObjectSchema } from './control-result';

/**
 * Payloads of the declaration process's commands, parsed once at the API. Each inferred type is
 * checked against its plain contract in contracts/declaration.ts (the `Same` assertions below), so
 * the two never drift; the workflow never parses.
 */

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
    if (r.outcome !== 'CONFORM' && r.findings.length === 0)
      issue(ctx, 'required', `a ${r.outcome} result needs at least one finding`, ['findings']);
    if (r.outcome === 'CONFORM' && r.refuseRelease)
      issue(ctx, 'inconsistent', 'a CONFORM result cannot refuse release', ['refuseRelease']);
    if (r.outcome === 'CONFORM' && r.corrections)
      issue(ctx, 'inconsistent', 'a CONFORM result carries no corrections', ['corrections']);
  },
  { when: cleanSoFar },
);
export type ControlDecision = z.infer<typeof ControlDecisionSchema>;
export type ControlDecisionInput = z.input<typeof ControlDecisionSchema>;

/** Re-routing by role: an officer may raise a channel; lowering one takes a supervisor. */
export const RerouteSchema = z.object({
  channel: z.enum(['GREEN', 'BLUE', 'YELLOW', 'QUERY', 'RED']),
  reason: Text(512, { lines: true }),
  office: z.string().regex(/^[A-Z]{2}[A-Z0-9]{6}$/, 'must be an office code such as KZALA001'),
  actor: Text(100),
  role: z.enum(['officer', 'supervisor']),
});
export type Reroute = z.infer<typeof RerouteSchema>;

/** Presentation of the goods of a pre-lodged declaration at the office (officer). */
export const PresentationSchema = z.object({
  office: z.string().regex(/^[A-Z]{2}[A-Z0-9]{6}$/, 'must be an office code such as KZALA001'),
  actor: Text(100),
  remarks: Text(512, { lines: true }).optional(),
});
export type Presentation = z.infer<typeof PresentationSchema>;

// ---------------------------------------------------------------------------------------------
// Declarant updates

export const AmendRequestSchema = z.object({ amendment: AmendmentSchema, actor: Text(100) });
export type AmendRequest = z.input<typeof AmendRequestSchema>;

/** Invalidation: by the declarant before release, by customs only after release. */
export const InvalidationSchema = z.object({
  by: z.enum(['declarant', 'customs']),
  actor: Text(100),
  reason: Text(512, { lines: true }),
});
export type Invalidation = z.infer<typeof InvalidationSchema>;

export const QueryAnswerSchema = z.object({ answer: Text(4000, { lines: true }), actor: Text(100) });
export type QueryAnswer = z.infer<typeof QueryAnswerSchema>;

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
    amount: z
      .string()
      .regex(/^\d+(\.\d{1,2})?$/, 'must be a decimal string such as "1250.00"')
      .optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    grn: Text(24).optional(),
    accessCode: Text(8).optional(),
    actor: Text(100),
  })
  .superRefine(
    (p, ctx) => {
      if (p.method === 'PAYMENT' && (!p.amount || !p.currency))
        issue(ctx, 'required', 'a payment needs amount and currency', ['amount']);
      if (p.method === 'GUARANTEE' && (!p.grn || !p.accessCode))
        issue(ctx, 'required', 'a guarantee needs grn and accessCode', ['grn']);
    },
    { when: cleanSoFar },
  );
export type Payment = z.infer<typeof PaymentSchema>;

export const IntelligenceHitSchema = z.object({
  alertId: Text(100),
  reason: Text(512, { lines: true }),
  severity: z.enum(['LOW', 'MEDIUM', 'HIGH']).default('HIGH'),
  source: Text(100),
});
export type IntelligenceHit = z.infer<typeof IntelligenceHitSchema>;

/** Compile-time proof that every parsed payload is a valid command of the contract. */
type Fits<Parsed extends Contract, Contract> = [Parsed, Contract];
export type DeclarationCommandFits = [
  Fits<ControlDecision, C.ControlDecision>,
  Fits<Reroute, C.Reroute>,
  Fits<Presentation, C.Presentation>,
  Fits<z.infer<typeof AmendRequestSchema>, C.AmendRequest>,
  Fits<Invalidation, C.Invalidation>,
  Fits<QueryAnswer, C.QueryAnswer>,
  Fits<Payment, C.Payment>,
  Fits<IntelligenceHit, C.IntelligenceHit>,
];
