import { z } from 'zod';
import { CountryCode, IsoDate, OfficeCode, Text } from '../../../domain/schemas/common';
import { TransitGuaranteeSchema } from '../../../domain/schemas/transit';

/** Request bodies of the transit and guarantee routes: strict, so a misspelt field is a 400 naming it. */
const Seals = z.array(Text(20)).max(99);

/** TIR carnet number: two letters and eight digits (e.g. XC71234567). */
export const TirCarnetSchema = z.object({
  tirCarnetNumber: z
    .string()
    .regex(/^[A-Z]{2}[0-9]{8}$/, {
      error: 'TIR carnet number must be 2 letters and 8 digits, e.g. XC71234567',
    })
    .optional(),
});

export const BorderCrossingBody = z.strictObject({ office: OfficeCode, sealsIntact: z.boolean().optional() });
export const IncidentBody = z.strictObject({
  type: z.enum(['DELAY', 'ACCIDENT', 'SEALS_BROKEN', 'TRANSHIPMENT', 'VEHICLE_CHANGE', 'OTHER']),
  description: Text(512, { lines: true }),
  country: CountryCode,
  office: OfficeCode.optional(),
  newSeals: Seals.optional(),
});
export const ArrivalBody = z.strictObject({ office: OfficeCode });
export const UnloadingRemarksBody = z
  .strictObject({
    office: OfficeCode,
    conform: z.boolean({ error: 'conform must be true or false' }),
    discrepancies: z
      .array(
        z.strictObject({
          itemSeq: z.number().int().positive().optional(),
          description: Text(512, { lines: true }),
        }),
      )
      .max(999)
      .optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.conform && !b.discrepancies?.length)
      ctx.addIssue({
        code: 'custom',
        message: 'non-conform remarks must list the discrepancies',
        path: ['discrepancies'],
        params: { code: 'required' },
      });
    if (b.conform && b.discrepancies?.length)
      ctx.addIssue({
        code: 'custom',
        message: 'conform remarks cannot list discrepancies',
        path: ['discrepancies'],
        params: { code: 'invalid' },
      });
  });
export const ResolutionBody = z.strictObject({ office: OfficeCode, resolution: Text(512, { lines: true }) });
export const EnquiryResponseBody = z
  .strictObject({
    proof: z.strictObject({ kind: Text(70), reference: Text(70), office: OfficeCode.optional() }).optional(),
    explanation: Text(512, { lines: true }).optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.proof && !b.explanation)
      ctx.addIssue({
        code: 'custom',
        message: 'an enquiry response needs proof or an explanation',
        path: ['proof'],
        params: { code: 'required' },
      });
  });
export const AmendmentBody = z.strictObject({ guarantee: TransitGuaranteeSchema });
/** IE014 from the holder: the reason is optional, as in NCTS. */
export const InvalidationBody = z.strictObject({ justification: Text(512, { lines: true }).optional() });
/** IE170 for a pre-lodged declaration: presented at the office of departure, optionally where. */
export const PresentationBody = z.strictObject({ office: OfficeCode, location: Text(256).optional() });
export const ControlResultBody = z.strictObject({
  office: OfficeCode,
  result: z.enum(['CONFORM', 'NON_CONFORM']),
  seals: Seals.optional(),
  reason: Text(512, { lines: true }).optional(),
});

export const RevocationBody = z.strictObject({ reason: Text(512, { lines: true }) });
export const ExtensionBody = z.strictObject({ validUntil: IsoDate });
