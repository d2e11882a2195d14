import { z } from 'zod';
import { containerNumberValid, normaliseRegistration } from '../alert/subject';
import { MrnSchema } from './audit';
import { CountryCode, IsoDateTime, Text } from './common';

/**
 * The intelligence alert at the door (docs/alerts.md; contracts/alert.ts): parsed once by the API,
 * each bad field named. The workflow's validators check commands against the alert only.
 */

const Registration = Text(35).refine((s) => normaliseRegistration(s).length >= 2, {
  error: 'a vehicle registration needs at least 2 letters or digits',
});
const ContainerNumber = z
  .string()
  .regex(/^[A-Z]{3}[UJZ][0-9]{7}$/, {
    error:
      'a container number is ISO 6346: owner code, category U/J/Z, 6 digits, check digit (e.g. CSQU3054383)',
  })
  .refine(containerNumberValid, { error: 'the ISO 6346 check digit of this container number is wrong' });
const Tin = z.string().regex(/^[A-Z0-9]{5,20}$/, 'a taxpayer identification number: 5-20 letters or digits');

export const AlertSubjectSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('vehicle'), registration: Registration }),
    z.strictObject({ kind: z.literal('container'), number: ContainerNumber }),
    z.strictObject({ kind: z.literal('trader'), tin: Tin }),
    z.strictObject({
      kind: z.literal('commodity'),
      hsHeading: z.string().regex(/^[0-9]{4}$/, 'an HS heading: 4 digits'),
      origin: CountryCode,
    }),
  ],
  { error: 'subject.kind is one of vehicle, container, trader, commodity' },
);

/**
 * Raising an alert. `country` is the raising administration (default: the caller's only country);
 * `validUntil` in the future; `recipients` the administrations named (the countries on matching
 * itineraries are added). The same request again names the same alert.
 */
export const RaiseAlertSchema = z.strictObject({
  country: CountryCode.optional(),
  subject: AlertSubjectSchema,
  severity: z.enum(['LOW', 'MEDIUM', 'HIGH']),
  reason: Text(512, { lines: true }).min(3),
  validUntil: IsoDateTime,
  recipients: z.array(CountryCode).max(20).default([]),
});
export type RaiseAlert = z.infer<typeof RaiseAlertSchema>;

/** A match's control result, reported by the administration that controlled it. */
export const AlertResultSchema = z.strictObject({
  mrn: MrnSchema,
  found: z.boolean(),
  what: Text(512, { lines: true }).optional(),
});
export type AlertResult = z.infer<typeof AlertResultSchema>;

export const AlertIdSchema = z
  .string()
  .regex(/^[A-Z]{2}-L[0-9A-Z]{16}$/, 'an alert id such as KZ-L0123456789ABCDEF');

export const AlertListQuerySchema = z.strictObject({
  state: z.enum(['ACTIVE', 'EXPIRED']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
