import { z } from 'zod';
import { FIELD_NAMES, fieldKind, type FieldName } from './facts';
import { regexProblem } from './regex';
import { CHANNELS } from '../channels';
import { plainString } from '../schemas/common';

export { CHANNELS, type Channel } from '../channels';
/** Channels (ASYCUDA lanes): domain/channels.ts. */
export const ChannelSchema = z.enum(CHANNELS);

/** Decimal literal in a profile: a JSON number or a plain decimal string ("0.5", "-12.25"). */
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;
export const DecimalLiteralSchema = z.union([
  z.number().refine(Number.isFinite, 'must be a finite number'),
  z.string().regex(DECIMAL_RE, 'must be a decimal string such as "12.50"'),
]);
export type DecimalLiteral = z.infer<typeof DecimalLiteralSchema>;

/*
 * A profile's texts (ids, values, patterns, descriptions, reasons) refuse control characters like every
 * other text input (domain/schemas/common.ts): a reason lands in every case the rule hits. They are
 * not trimmed or normalised: the document is stored as sent and its rules compare values exactly.
 */
const Plain = () => plainString();
const Prose = () => plainString({ lines: true });

export type Predicate =
  | { op: 'equals'; field: FieldName; value: string | number | boolean }
  | { op: 'in'; field: FieldName; values: (string | number)[] }
  | { op: 'hsPrefix'; prefixes: string[] }
  | { op: 'range'; field: FieldName; min?: DecimalLiteral; max?: DecimalLiteral }
  | { op: 'pattern'; field: FieldName; regex: string; flags?: string }
  | { op: 'all'; of: Predicate[] }
  | { op: 'any'; of: Predicate[] }
  | { op: 'not'; of: Predicate }
  | { op: 'underValued'; ratioBelow: DecimalLiteral }
  | { op: 'compliance'; score?: { min?: number; max?: number }; ratings?: string[]; unknown?: boolean }
  | { op: 'aeo'; is: boolean; statuses?: string[] }
  | { op: 'route'; origin?: string[]; dispatch?: string[]; destination?: string[]; via?: string[] };

export type PredicateOp = Predicate['op'];

const FieldSchema = z.enum(FIELD_NAMES as [FieldName, ...FieldName[]]);
const Countries = z.array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')).min(1);

function decimalValue(v: DecimalLiteral): number {
  return typeof v === 'number' ? v : Number(v);
}

export const PredicateSchema: z.ZodType<Predicate, Predicate> = z.lazy(() =>
  z.discriminatedUnion('op', [
    z
      .strictObject({
        op: z.literal('equals'),
        field: FieldSchema,
        value: z.union([Plain(), z.number(), z.boolean()]),
      })
      .superRefine((p, ctx) => {
        const kind = fieldKind(p.field);
        const ok =
          (kind === 'string' && typeof p.value === 'string') ||
          (kind === 'stringList' && typeof p.value === 'string') ||
          (kind === 'boolean' && typeof p.value === 'boolean') ||
          (kind === 'number' &&
            (typeof p.value === 'number'
              ? Number.isFinite(p.value)
              : typeof p.value === 'string' && DECIMAL_RE.test(p.value)));
        if (!ok)
          ctx.addIssue({
            code: 'custom',
            path: ['value'],
            message: `value does not fit ${kind} field "${p.field}"`,
          });
      }),
    z
      .strictObject({
        op: z.literal('in'),
        field: FieldSchema,
        values: z.array(z.union([Plain(), z.number()])).min(1),
      })
      .superRefine((p, ctx) => {
        const kind = fieldKind(p.field);
        if (kind === 'boolean') {
          ctx.addIssue({
            code: 'custom',
            path: ['field'],
            message: `"in" cannot test boolean field "${p.field}"; use equals`,
          });
          return;
        }
        p.values.forEach((v, i) => {
          const ok =
            kind === 'number'
              ? typeof v === 'number'
                ? Number.isFinite(v)
                : DECIMAL_RE.test(v)
              : typeof v === 'string';
          if (!ok)
            ctx.addIssue({
              code: 'custom',
              path: ['values', i],
              message: `value does not fit ${kind} field "${p.field}"`,
            });
        });
      }),
    z.strictObject({
      op: z.literal('hsPrefix'),
      prefixes: z.array(z.string().regex(/^\d{1,10}$/, 'must be 1 to 10 digits of an HS code')).min(1),
    }),
    z
      .strictObject({
        op: z.literal('range'),
        field: FieldSchema,
        min: DecimalLiteralSchema.optional(),
        max: DecimalLiteralSchema.optional(),
      })
      .superRefine((p, ctx) => {
        if (fieldKind(p.field) !== 'number')
          ctx.addIssue({
            code: 'custom',
            path: ['field'],
            message: `range needs a numeric field, "${p.field}" is ${fieldKind(p.field)}`,
          });
        if (p.min === undefined && p.max === undefined)
          ctx.addIssue({ code: 'custom', path: ['min'], message: 'range needs min, max or both' });
        if (p.min !== undefined && p.max !== undefined && decimalValue(p.min) > decimalValue(p.max))
          ctx.addIssue({ code: 'custom', path: ['max'], message: 'max is below min' });
      }),
    z
      .strictObject({
        op: z.literal('pattern'),
        field: FieldSchema,
        regex: Plain().min(1).max(500),
        flags: z
          .string()
          .regex(/^[imsu]*$/, 'flags may only use i, m, s, u (g and y make a regex stateful)')
          .refine((f) => new Set(f).size === f.length, 'a flag may appear once')
          .optional(),
      })
      .superRefine((p, ctx) => {
        const kind = fieldKind(p.field);
        if (kind !== 'string' && kind !== 'stringList')
          ctx.addIssue({
            code: 'custom',
            path: ['field'],
            message: `pattern needs a text field, "${p.field}" is ${kind}`,
          });
        const problem = regexProblem(p.regex, p.flags);
        if (problem) ctx.addIssue({ code: 'custom', path: ['regex'], message: problem });
      }),
    z.strictObject({ op: z.literal('all'), of: z.array(PredicateSchema).min(1) }),
    z.strictObject({ op: z.literal('any'), of: z.array(PredicateSchema).min(1) }),
    z.strictObject({ op: z.literal('not'), of: PredicateSchema }),
    z.strictObject({
      op: z.literal('underValued'),
      ratioBelow: DecimalLiteralSchema.refine((v) => decimalValue(v) > 0, 'ratioBelow must be positive'),
    }),
    z
      .strictObject({
        op: z.literal('compliance'),
        score: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
        ratings: z.array(Plain().min(1)).min(1).optional(),
        unknown: z.boolean().optional(),
      })
      .superRefine((p, ctx) => {
        if (p.score === undefined && p.ratings === undefined && p.unknown === undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['score'],
            message: 'compliance needs score, ratings or unknown',
          });
      }),
    z.strictObject({
      op: z.literal('aeo'),
      is: z.boolean(),
      statuses: z.array(Plain().min(1)).min(1).optional(),
    }),
    z
      .strictObject({
        op: z.literal('route'),
        origin: Countries.optional(),
        dispatch: Countries.optional(),
        destination: Countries.optional(),
        via: Countries.optional(),
      })
      .superRefine((p, ctx) => {
        if (!p.origin && !p.dispatch && !p.destination && !p.via)
          ctx.addIssue({
            code: 'custom',
            path: ['origin'],
            message: 'route needs origin, dispatch, destination or via',
          });
      }),
  ]),
);

export const RiskRuleSchema = z
  .strictObject({
    id: Plain().min(1).max(100),
    description: Prose().optional(),
    when: PredicateSchema,
    weight: z.number().refine(Number.isFinite, 'weight must be finite').optional(),
    forceChannel: ChannelSchema.optional(),
    reason: Prose().min(1),
  })
  .superRefine((r, ctx) => {
    if (r.weight === undefined && r.forceChannel === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['weight'],
        message: 'a rule needs a weight, a forceChannel or both',
      });
  });
export type RiskRule = z.infer<typeof RiskRuleSchema>;

/** Score -> channel: score >= red -> RED; >= yellow -> YELLOW; >= blue (if set) -> BLUE; else GREEN. */
export const ThresholdsSchema = z
  .strictObject({ blue: z.number().optional(), yellow: z.number(), red: z.number() })
  .superRefine((t, ctx) => {
    if (t.yellow > t.red)
      ctx.addIssue({ code: 'custom', path: ['yellow'], message: 'yellow threshold is above red' });
    if (t.blue !== undefined && t.blue > t.yellow)
      ctx.addIssue({ code: 'custom', path: ['blue'], message: 'blue threshold is above yellow' });
  });
export type Thresholds = z.infer<typeof ThresholdsSchema>;

const OfficeCode = z.string().regex(/^[A-Z]{2}[A-Z0-9]{6}$/, 'must be an office code such as KZALA001');

export const RandomSelectionSchema = z.strictObject({
  /** Minimum share of declarations selected at random, 0..1. */
  rate: z.number().min(0).max(1),
  /** Channel a randomly selected declaration is raised to (never lowered). Default YELLOW. */
  channel: z.enum(['YELLOW', 'RED', 'BLUE']).optional(),
});
export type RandomSelection = z.infer<typeof RandomSelectionSchema>;

export const AeoPolicySchema = z.strictObject({
  /** Multiplies the score of an AEO declarant before thresholds (0..1). */
  scoreMultiplier: z.number().min(0).max(1).default(1),
  /** Steps the score channel down along GREEN < [BLUE] < YELLOW < RED. */
  channelStepDown: z.number().int().min(0).max(3).default(0),
  /** Multiplies the random selection rate for AEO declarants (0..1). */
  randomRateMultiplier: z.number().min(0).max(1).default(1),
  /** If true, the step-down also applies to forced YELLOW / RED / BLUE (never to QUERY). */
  lowersForcedChannels: z.boolean().default(false),
});
export type AeoPolicy = z.infer<typeof AeoPolicySchema>;

/** A version is stored in a PostgreSQL `integer`: a larger one is bad input, not a database error. */
export const MAX_PROFILE_VERSION = 2_147_483_647;

export const RiskProfileSchema = z
  .strictObject({
    id: Plain().min(1).max(100),
    version: z.number().int().positive().max(MAX_PROFILE_VERSION),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
      .optional(),
    description: Prose().optional(),
    thresholds: z.strictObject({
      default: ThresholdsSchema,
      offices: z.record(OfficeCode, ThresholdsSchema).default({}),
    }),
    randomSelection: z.strictObject({
      default: RandomSelectionSchema,
      offices: z.record(OfficeCode, RandomSelectionSchema).default({}),
    }),
    aeo: AeoPolicySchema.default({
      scoreMultiplier: 1,
      channelStepDown: 0,
      randomRateMultiplier: 1,
      lowersForcedChannels: false,
    }),
    rules: z.array(RiskRuleSchema),
  })
  .superRefine((p, ctx) => {
    const seen = new Map<string, number>();
    p.rules.forEach((r, i) => {
      const first = seen.get(r.id);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'id'],
          message: `duplicate rule id "${r.id}" (first at rules[${first}])`,
        });
      else seen.set(r.id, i);
    });
  });

/** A validated profile (defaults filled in). */
export type RiskProfile = z.infer<typeof RiskProfileSchema>;
/** A profile as stored / authored (defaults optional). */
export type RiskProfileInput = z.input<typeof RiskProfileSchema>;

/** Parses a stored profile document; throws a ZodError naming each bad path. */
export function parseRiskProfile(doc: unknown): RiskProfile {
  return RiskProfileSchema.parse(doc);
}
