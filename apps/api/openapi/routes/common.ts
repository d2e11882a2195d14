import { z } from 'zod';
import type { Role } from '../../auth/tokens';

/** What every resource's route table is made of, and the parameters and responses they share. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  /** Content type when not JSON (HTML pages, static files). */
  contentType?: string;
  /** The NCTS message answered as `application/xml` (docs/ncts.md), beside or instead of the JSON. */
  xml?: string;
}

export interface RouteDoc {
  method: HttpMethod;
  /** OpenAPI path template: `/v1/cases/{kind}/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Roles allowed, or 'public' for a route without a token. */
  roles: readonly Role[] | 'public';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The NCTS phase 5 message the route also takes as `application/xml` (docs/ncts.md). */
  xml?: string;
  responses: Record<number, ResponseDoc>;
}

/** The one error shape of every route. */
export const ErrorSchema = z.object({
  error: z
    .string()
    .describe(
      'machine-readable code: validation_failed, unauthorized, forbidden, not_found, conflict, unavailable, ...',
    ),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })),
});

export const Mrn = z.string().regex(/^[0-9]{2}[A-Z]{2}[A-Z0-9]{13}[0-9]$/, 'an MRN with a valid check digit');
// Documented here because apps/api/declarations and apps/api/transits keep their MRN parameter schema private.
export const MrnParamsSchema = z.object({ mrn: Mrn });

export const Timeline = z.array(
  z.object({
    seq: z.number().int(),
    at: z.string(),
    type: z.string(),
    state: z.string().optional(),
    actor: z.string(),
    reason: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
);
/** Common part of every case view; each process adds its own fields (MRN, channel, duties, ...). */
export const CaseViewSchema = z.looseObject({
  caseId: z.string(),
  kind: z.string(),
  state: z.string(),
  channel: z.string().optional(),
  office: z.string().optional(),
  country: z.string().optional(),
  stuck: z.boolean().optional(),
  stuckSince: z.string().optional(),
  pending: z.object({ action: z.string(), by: z.string(), deadline: z.string().optional() }).optional(),
  timeline: Timeline,
});

export const err = (description: string): ResponseDoc => ({ description, schema: ErrorSchema });
export const E400 = err('invalid request: every bad field named in `issues`');
export const E401 = err('no or invalid bearer token');
export const E403 = err('role not allowed on this route, or office outside the caller scope');
export const E404 = err(
  "not found, or outside the caller's scope: its countries and offices, and for a clearance system its own cases (never revealed)",
);
export const E409 = err(
  'conflict: the workflow refused in its current state, or the same LRN with other content',
);
