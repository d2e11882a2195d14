import { CodecBodySchema } from '../../codec/codec.controller';
import { E400, E401, E403, type RouteDoc } from './common';

const codec = (path: string, summary: string, description: string): RouteDoc => ({
  method: 'post',
  path,
  tag: 'codec',
  summary,
  roles: ['administrator'],
  body: CodecBodySchema,
  responses: {
    200: { description, schema: CodecBodySchema },
    400: E400,
    401: E401,
    403: E403,
  },
});

/** Temporal's remote codec protocol, for the Temporal UI (docs/operations.md). */
export const CODEC_ROUTES: RouteDoc[] = [
  codec(
    '/codec/decode',
    "Decodes payloads for the Temporal UI: only those of cases in the caller's scope, each decision logged",
    'the payloads, decoded where allowed, the others as they came',
  ),
  codec(
    '/codec/encode',
    'Encodes payloads as the workers do, bound to no workflow (workers refuse them: act through the API)',
    'the payloads, encrypted',
  ),
  {
    method: 'post',
    path: '/codec/session',
    tag: 'codec',
    summary: "Opens a codec session: the bearer token as an HttpOnly cookie on /codec, for the UI's requests",
    roles: ['administrator'],
    responses: { 204: { description: 'cookie set' }, 401: E401, 403: E403 },
  },
  {
    method: 'delete',
    path: '/codec/session',
    tag: 'codec',
    summary: 'Ends the codec session (clears the cookie)',
    roles: ['administrator'],
    responses: { 204: { description: 'cookie cleared' }, 401: E401, 403: E403 },
  },
];
