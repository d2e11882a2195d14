import { z } from 'zod';
import { DeadLetterRetryBody, PartyWebhookBody } from '../../outbox/outbox.controller';
import { E400, E401, E403, E404, type RouteDoc } from './common';

const DeadLetterSchema = z.object({
  messageId: z.string(),
  caseId: z.string(),
  destination: z.string(),
  type: z.string(),
  country: z.string().nullable(),
  attempts: z.number(),
  reason: z.string().nullable(),
  deadAt: z.string(),
  createdAt: z.string(),
});
const PartyWebhookSchema = z.object({
  destination: z.string(),
  country: z.string(),
  url: z.string(),
  signed: z.boolean(),
});

export const OUTBOX_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/v1/outbox/dead-letters',
    tag: 'outbox',
    summary:
      "Messages the outbox gave up on (a permanent refusal or the last attempt), in the caller's countries",
    roles: ['supervisor', 'administrator'],
    responses: {
      200: { description: 'newest first', schema: z.object({ deadLetters: z.array(DeadLetterSchema) }) },
      401: E401,
      403: E403,
    },
  },
  {
    method: 'post',
    path: '/v1/outbox/dead-letters/retry',
    tag: 'outbox',
    summary: 'Send a dead letter again: back in the queue for a fresh series of attempts',
    roles: ['supervisor', 'administrator'],
    body: DeadLetterRetryBody,
    responses: {
      202: { description: 'queued', schema: z.object({ messageId: z.string(), queued: z.boolean() }) },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
  {
    method: 'put',
    path: '/v1/outbox/party-webhooks',
    tag: 'outbox',
    summary: "Register a holder's or declarant's webhook (its outbox messages are delivered there)",
    description:
      'Same delivery as a clearance system subscription: retries, `Idempotency-Key: <message id>`, `X-Clearway-Signature` with a `secret`, and the same address guard.',
    roles: ['administrator'],
    body: PartyWebhookBody,
    responses: {
      200: { description: 'stored', schema: PartyWebhookSchema },
      400: E400,
      401: E401,
      403: E403,
      404: E404,
    },
  },
  {
    method: 'get',
    path: '/v1/outbox/party-webhooks',
    tag: 'outbox',
    summary: "Holders' and declarants' webhooks of the caller's countries",
    roles: ['administrator'],
    responses: {
      200: {
        description: 'by destination',
        schema: z.object({
          webhooks: z.array(PartyWebhookSchema.extend({ createdBy: z.string() })),
        }),
      },
      401: E401,
      403: E403,
    },
  },
];
