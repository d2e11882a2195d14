import { z } from 'zod';
import { SubscriptionBody } from '../../declarations/webhooks.controller';
import { E400, E401, E403, E404, type RouteDoc } from './common';

const WebhookSubscriptionSchema = z.object({ subscriber: z.string(), url: z.string(), signed: z.boolean() });

export const WEBHOOK_ROUTES: RouteDoc[] = [
  {
    method: 'put',
    path: '/v1/webhook-subscription',
    tag: 'webhooks',
    summary: "Register the caller's webhook for decisions on the declarations it lodged",
    description:
      'Deliveries come from the outbox, with retries and `Idempotency-Key: <message id>`; with a `secret`, each carries `X-Clearway-Signature: sha256=<HMAC of the body>`.',
    roles: ['clearance-system'],
    body: SubscriptionBody,
    responses: {
      200: { description: 'stored', schema: WebhookSubscriptionSchema },
      400: E400,
      401: E401,
      403: E403,
    },
  },
  {
    method: 'get',
    path: '/v1/webhook-subscription',
    tag: 'webhooks',
    summary: "The caller's webhook",
    roles: ['clearance-system'],
    responses: {
      200: { description: 'subscription', schema: WebhookSubscriptionSchema },
      401: E401,
      403: E403,
      404: E404,
    },
  },
];
