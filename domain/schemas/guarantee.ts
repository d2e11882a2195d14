import { z } from 'zod';
import {
  AccessCodeSchema,
  amount,
  cleanSoFar,
  CountryCode,
  CurrencyCode,
  GrnSchema,
  GuaranteeTypeSchema,
  IsoDate,
  issue,
  PartySchema,
} from './common';

/** Guarantee registration (field names follow ../../shared/examples/guarantee.json). */
export const GuaranteeRegistrationObjectSchema = z.object({
  grn: GrnSchema,
  type: GuaranteeTypeSchema,
  holder: PartySchema,
  /** The surety (bank, insurer); absent for cash (3) and waiver (0). */
  guarantor: PartySchema.optional(),
  currency: CurrencyCode,
  referenceAmount: amount('reference amount'),
  validFrom: IsoDate,
  validUntil: IsoDate,
  accessCode: AccessCodeSchema,
  countriesOfValidity: z.array(CountryCode).min(1, { error: 'at least one country of validity is required' }),
});

export const GuaranteeRegistrationSchema = GuaranteeRegistrationObjectSchema.superRefine(
  (g, ctx) => {
    if (g.validUntil < g.validFrom)
      issue(ctx, 'invalid_period', 'validUntil is before validFrom', ['validUntil']);
    if (['1', '2', '4', '9'].includes(g.type) && !g.guarantor)
      issue(ctx, 'required', `guarantee type ${g.type} needs a guarantor`, ['guarantor']);
    if (g.type !== '0' && Number(g.referenceAmount) === 0)
      issue(ctx, 'required', 'the reference amount must be greater than zero', ['referenceAmount']);
    const seen = new Set<string>();
    g.countriesOfValidity.forEach((c, i) => {
      if (seen.has(c)) issue(ctx, 'duplicate', `country ${c} is listed twice`, ['countriesOfValidity', i]);
      seen.add(c);
    });
  },
  { when: cleanSoFar },
);
export type GuaranteeRegistration = z.infer<typeof GuaranteeRegistrationSchema>;
