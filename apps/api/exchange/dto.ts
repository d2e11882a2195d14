import { z } from 'zod';
import { isValidMrn } from '../../../domain/mrn';
import { IsoDateTime } from '../../../domain/schemas/common';
import { ArrivalBody, BorderCrossingBody, IncidentBody, UnloadingRemarksBody } from '../transits/dto';

/**
 * A message from a partner administration's system about a movement on our side, NCTS-style:
 * IE118 crossing at its office of transit, IE182 incident en route, IE006 arrival at its office of
 * destination, IE018 its control results at destination (the unloading remarks). The body is the
 * same as the officer route's; the message id makes a redelivery harmless.
 */
/** The sender's id of a message, unique per sender, at every door. */
export const MessageId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._:/-]+$/, { error: 'message id: 1-200 characters of A-Z a-z 0-9 . _ : / -' });

const common = {
  messageId: MessageId,
  mrn: z.string().refine(isValidMrn, 'not a valid MRN (18 characters with a correct check digit)'),
  sentAt: IsoDateTime.optional(),
};

export const ExchangeMessageBody = z.discriminatedUnion('type', [
  z.strictObject({ ...common, type: z.literal('IE118'), body: BorderCrossingBody }),
  z.strictObject({ ...common, type: z.literal('IE182'), body: IncidentBody }),
  z.strictObject({ ...common, type: z.literal('IE006'), body: ArrivalBody }),
  z.strictObject({ ...common, type: z.literal('IE018'), body: UnloadingRemarksBody }),
]);
export type ExchangeMessageBody = z.infer<typeof ExchangeMessageBody>;

export const ExchangeOutcomeSchema = z.object({
  messageId: z.string(),
  caseId: z.string(),
  status: z.enum(['APPLIED', 'REFUSED']),
  /** True when this message id had been received before: the stored outcome, nothing applied again. */
  duplicate: z.boolean(),
  state: z.string().optional(),
  reason: z.string().optional(),
});
export type ExchangeOutcome = z.infer<typeof ExchangeOutcomeSchema>;
