import { NCTS_REJECTION, NCTS_XML } from './ncts';
import { ExchangeMessageBody, ExchangeOutcomeSchema } from '../../exchange/dto';
import { z } from 'zod';
import { E400, E401, E403, E404, E409, type RouteDoc } from './common';

const PartnerKeySchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  kid: z.string(),
  validFrom: z.string(),
  validTo: z.string().optional(),
  validNow: z.boolean(),
});
const PartnersSchema = z.object({
  partners: z.array(
    z.object({
      administration: z.string(),
      name: z.string().optional(),
      endpoint: z.string(),
      served: z.boolean().describe('this node answers for that administration itself'),
      takes: z.array(z.string()),
      sends: z.array(z.string()),
      keys: z.array(PartnerKeySchema),
    }),
  ),
});

export const EXCHANGE_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/exchange/messages',
    tag: 'exchange',
    summary:
      "A partner administration's message about a movement: IE118 crossing, IE182 incident, IE006 arrival, IE018 unloading remarks",
    description:
      "Signed (docs/exchange.md): a compact JWS (`Content-Type: application/jose`, EdDSA, key id in the header) over `{sender, receiver, type, messageId, correlation, time, body}`; no bearer token, the signature is checked against the partner directory, then the receiver, the time window and the sender's entitlement to the movement. The answer is a signed acknowledgement (`ACK`, 200) or a signed functional rejection (`IE906`, 4xx) with a reason code; a repeat gets the same answer (`x-clearway-duplicate: true`). Unsigned (where CLEARWAY_EXCHANGE_UNSIGNED is on, not in production), JSON or NCTS XML under a `partner` bearer token: stored once in the exchange inbox under `messageId` and applied once to the movement. The same message again answers the first outcome with `duplicate: true`; the same id with other content is a 409. A message the movement refuses (out of sequence) is a 409 with the reason, then and on every redelivery.",
    roles: ['partner'],
    body: ExchangeMessageBody,
    xml: `${NCTS_XML.CC007C} (applied as IE006), or ${NCTS_XML.CC044C} (applied as IE018); messageIdentification is the message id`,
    responses: {
      200: { description: 'applied (or the same message again)', schema: ExchangeOutcomeSchema },
      400: { ...E400, xml: NCTS_REJECTION },
      401: E401,
      403: E403,
      404: E404,
      409: E409,
    },
  },
  {
    method: 'get',
    path: '/v1/exchange/partners',
    tag: 'exchange',
    summary: 'The partner directory: endpoints, public signing keys and message types of each administration',
    roles: ['administrator', 'supervisor', 'officer', 'partner'],
    responses: { 200: { description: 'the directory', schema: PartnersSchema }, 401: E401, 403: E403 },
  },
];
