import { z } from 'zod';
import { CHANNELS } from './release-times';

const DAY_MS = 86_400_000;

/** Query of `GET /v1/statistics/release-times`. Period: declarations lodged in [from, to). */
export const ReleaseTimesQuerySchema = z
  .object({
    from: z.iso
      .datetime({ offset: true, error: 'an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z' })
      .optional(),
    to: z.iso
      .datetime({ offset: true, error: 'an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z' })
      .optional(),
    office: z
      .string()
      .regex(/^[A-Z0-9_-]{1,40}$/, 'an office code: letters, digits, - and _')
      .optional(),
    channel: z.enum(CHANNELS).optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });
export type ReleaseTimesQuery = z.infer<typeof ReleaseTimesQuerySchema>;

/** Query of `GET /v1/statistics/audits`: audits opened, and audits closed, in [from, to). */
export const AuditStatisticsQuerySchema = z
  .object({
    from: ReleaseTimesQuerySchema.shape.from,
    to: ReleaseTimesQuerySchema.shape.to,
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'a country code such as KZ')
      .optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });
export type AuditStatisticsQuery = z.infer<typeof AuditStatisticsQuerySchema>;

/** The period a query names: `to` defaults to now, `from` to 30 days before `to`. */
export function periodOf(q: { from?: string; to?: string }, now: Date): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY_MS);
  return { from, to };
}

const SegmentFiguresSchema = z.object({
  count: z.number().int(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});
const GroupFiguresShape = {
  declarations: z.number().int(),
  segments: z.object({
    arrivalToLodgement: SegmentFiguresSchema,
    lodgementToRiskDecision: SegmentFiguresSchema,
    riskDecisionToRelease: SegmentFiguresSchema,
    lodgementToRelease: SegmentFiguresSchema,
  }),
};
const channelRecord = z.object(
  Object.fromEntries(CHANNELS.map((c) => [c, z.number()])) as Record<(typeof CHANNELS)[number], z.ZodNumber>,
);
const ChannelRatesShape = { assessed: z.number().int(), counts: channelRecord, rates: channelRecord };

/** The answer (documented in OpenAPI; the service builds it with the pure module). */
export const ReleaseTimesResponseSchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  filters: z.object({ office: z.string().optional(), channel: z.string().optional() }),
  scope: z.object({ countries: z.array(z.string()), offices: z.array(z.string()).optional() }),
  overall: z.object(GroupFiguresShape),
  byOffice: z.array(z.object({ office: z.string().nullable(), ...GroupFiguresShape })),
  byChannel: z.array(z.object({ channel: z.string().nullable(), ...GroupFiguresShape })),
  byOfficeAndChannel: z.array(
    z.object({ office: z.string().nullable(), channel: z.string().nullable(), ...GroupFiguresShape }),
  ),
  channelRates: z.object({
    ...ChannelRatesShape,
    byOffice: z.array(z.object({ office: z.string().nullable(), ...ChannelRatesShape })),
  }),
  borderDwell: z
    .array(
      z.object({
        border: z.string(),
        exitOffice: z.string(),
        entryOffice: z.string(),
        arrived: z.number().int(),
        accepted: z.number().int(),
        noStop: z.number().int(),
        medianSeconds: z.number().nullable(),
        p90Seconds: z.number().nullable(),
      }),
    )
    .describe(
      'Joint posts (docs/joint-control.md): arrival at the exit post to entry acceptance, per border pair, for joint controls that arrived in the period in the caller countries (either side)',
    ),
});
