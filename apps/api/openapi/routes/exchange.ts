import { NCTS_REJECTION, NCTS_XML } from './ncts';
import { ExchangeMessageBody, ExchangeOutcomeSchema } from '../../exchange/dto';
import { E400, E401, E403, E404, E409, type RouteDoc } from './common';

export const EXCHANGE_ROUTES: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/exchange/messages',
    tag: 'exchange',
    summary:
      "A partner administration's message about a movement: IE118 crossing, IE182 incident, IE006 arrival, IE018 unloading remarks",
    description:
      'Stored once in the exchange inbox under `messageId` and applied once to the movement. The same message again answers the first outcome with `duplicate: true`; the same id with other content is a 409. A message the movement refuses (out of sequence) is a 409 with the reason, then and on every redelivery.',
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
];
