import { z } from 'zod';
import { GrnSchema } from '../../../../domain/schemas/common';
import { GuaranteeRegistrationSchema } from '../../../../domain/schemas/guarantee';
import { ExtensionBody, RevocationBody } from '../../transits/dto';
import { E400, E401, E403, E404, E409, Timeline, type RouteDoc } from './common';

const GrnParamsSchema = z.object({
  grn: GrnSchema.describe('guarantee reference number: year, country, 12-20 characters'),
});
const GuaranteeRegisteredSchema = z.object({
  grn: z.string(),
  status: z.string(),
  duplicate: z.boolean(),
  links: z.object({ self: z.string() }),
});
const GuaranteeBalanceSchema = z.looseObject({
  grn: z.string(),
  status: z.string(),
  statusReason: z.string().optional(),
  type: z.string(),
  currency: z.string(),
  referenceAmount: z.string(),
  reserved: z.string(),
  charged: z.string(),
  available: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  countriesOfValidity: z.array(z.string()),
  accessLockedUntil: z.string().optional().describe('the last lockout after wrong access codes ends then'),
  openReservations: z.array(z.looseObject({})),
  recentlyClosed: z.array(z.looseObject({})),
  holder: z.string(),
  timeline: Timeline,
});

export const GUARANTEE_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/guarantees',
    tag: 'guarantees',
    summary: 'Register a guarantee (idempotent on the GRN)',
    description:
      'The registering principal owns the guarantee. The same GRN registered by another party is a 409 that says nothing of the guarantee.',
    roles: ['clearance-system', 'administrator'],
    body: GuaranteeRegistrationSchema,
    responses: {
      202: { description: 'registered (or the same registration again)', schema: GuaranteeRegisteredSchema },
      400: E400,
      401: E401,
      403: E403,
      409: E409,
    },
  },
  {
    method: 'get',
    path: '/v1/guarantees/{grn}',
    tag: 'guarantees',
    summary: 'Balance of a guarantee: reference amount, reserved, charged, available, open reservations',
    description:
      'Visible in the GRN country and the countries of validity; to a clearance system only when it registered the guarantee (404 otherwise).',
    roles: ['clearance-system', 'officer', 'supervisor', 'administrator'],
    params: GrnParamsSchema,
    responses: {
      200: { description: 'balance', schema: GuaranteeBalanceSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
  {
    method: 'post',
    path: '/v1/guarantees/{grn}/revocation',
    tag: 'guarantees',
    summary: 'Revoke an active guarantee',
    description: 'Only the administration that accepted it (the country in its GRN) may: 403 otherwise.',
    roles: ['supervisor', 'administrator'],
    params: GrnParamsSchema,
    body: RevocationBody,
    responses: {
      202: {
        description: 'revocation signalled',
        schema: z.object({ grn: z.string(), status: z.literal('REVOKED') }),
      },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
  {
    method: 'post',
    path: '/v1/guarantees/{grn}/extension',
    tag: 'guarantees',
    summary: 'Extend the validity of an active guarantee',
    description:
      '`validUntil` must be later than the current end (409 otherwise). Only the administration that accepted the guarantee (the country in its GRN) may extend it: 403 otherwise.',
    roles: ['supervisor', 'administrator'],
    params: GrnParamsSchema,
    body: ExtensionBody,
    responses: {
      202: {
        description: 'extension signalled',
        schema: z.object({ grn: z.string(), validUntil: z.string() }),
      },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
];
