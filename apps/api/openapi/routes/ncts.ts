import { z } from 'zod';
import { E400, E401, E403, E404, E409, MrnParamsSchema, type RouteDoc } from './common';

/** The NCTS phase 5 messages the XML door takes (docs/ncts.md), as the OpenAPI request bodies describe them. */
const xsd = (root: string, what: string) =>
  `NCTS phase 5 ${root} (${what}), in the NCTS namespace (ncts.dgtaxud.ec), valid against XSD 51.8.6 (${root.toLowerCase()}.xsd)`;
export const NCTS_XML = {
  CC015C: xsd('CC015C', 'IE015 declaration data'),
  CC013C: xsd('CC013C', 'IE013 amendment'),
  CC014C: xsd('CC014C', 'IE014 invalidation request'),
  CC170C: xsd('CC170C', 'IE170 presentation notification'),
  CC007C: xsd('CC007C', 'IE007 arrival notification'),
  CC044C: xsd('CC044C', 'IE044 unloading remarks'),
} as const;
export const NCTS_REJECTION =
  'IE056 (departure) or IE057 (destination) rejection: one FunctionalError per element at fault (XPath, CL180 code, reason)';

const MessageSchema = z.object({
  type: z.string().describe('IE928, IE028, IE029, IE051, IE004, IE043, IE025, IE045, IE035'),
  messageId: z.string(),
  at: z.string(),
  xml: z.string().describe('the message, valid against the phase 5 XSD set'),
});

const followUp = (path: string, root: keyof typeof NCTS_XML, summary: string): RouteDoc => ({
  method: 'post',
  path,
  tag: 'transits',
  summary,
  description:
    'Clearway has no command for this message yet: answered by an IE056 naming the reason (docs/ncts.md).',
  roles: ['clearance-system'],
  params: MrnParamsSchema,
  xml: NCTS_XML[root],
  responses: { 400: { ...E400, xml: NCTS_REJECTION }, 401: E401, 403: E403, 404: E404 },
});

export const NCTS_ROUTES: RouteDoc[] = [
  followUp('/v1/transits/{mrn}/invalidation', 'CC014C', 'NCTS IE014 invalidation request (XML)'),
  followUp('/v1/transits/{mrn}/presentation', 'CC170C', 'NCTS IE170 presentation notification (XML)'),
  {
    method: 'post',
    path: '/v1/transits/{mrn}/messages',
    tag: 'transits',
    summary: 'Any NCTS follow-up of the movement, by its root element (XML)',
    description:
      'CC013C (clearance-system), CC007C and CC044C (officer of the office of destination), CC014C and CC170C (refused). Answered as the dedicated route answers.',
    roles: ['clearance-system', 'officer'],
    params: MrnParamsSchema,
    xml: `${NCTS_XML.CC013C}; or CC007C, CC044C, CC014C, CC170C`,
    responses: {
      200: { description: 'applied', xml: 'IE004 or IE043' },
      202: { description: 'applied; the answer follows among the messages' },
      400: { ...E400, xml: NCTS_REJECTION },
      401: E401,
      403: E403,
      404: E404,
      409: { ...E409, xml: `${NCTS_REJECTION}, code 92: out of sequence` },
    },
  },
  {
    method: 'get',
    path: '/v1/transits/{mrn}/messages',
    tag: 'transits',
    summary: 'The NCTS messages the movement produced (IE928, IE028, IE029, ...)',
    description:
      'Owner-scoped like the movement. JSON by default; `Accept: application/xml` gives a `<messages>` list, or with `?type=IE029` that message alone.',
    roles: ['clearance-system', 'officer', 'supervisor', 'administrator'],
    params: MrnParamsSchema,
    query: z.object({ type: z.string().optional().describe('only this message type, e.g. IE029') }),
    responses: {
      200: {
        description: 'the messages',
        schema: z.object({ mrn: z.string(), messages: z.array(MessageSchema) }),
        xml: 'the message (with ?type) or a <messages> list of them',
      },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
];
