import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Response } from 'express';
import type { z } from 'zod';
import { formatZodIssues, type FieldIssue } from '../../../domain/validation';

/** 400 with every bad field named: `{ error, message, issues: [{ path, message, code }] }`. */
export class ValidationFailed extends HttpException {
  constructor(
    readonly issues: FieldIssue[],
    message = 'the request is not valid',
  ) {
    super({ error: 'validation_failed', message, issues }, HttpStatus.BAD_REQUEST);
  }
}

export function parseOr400<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = 'request body',
): z.infer<S> {
  const res = schema.safeParse(value);
  if (!res.success) throw new ValidationFailed(formatZodIssues(res.error), `the ${what} is not valid`);
  return res.data;
}

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

/** One error shape for every route; internal errors are logged, not leaked. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'object' && body && 'error' in body && 'issues' in body) {
        res.status(status).json(body);
        return;
      }
      const message =
        typeof body === 'string'
          ? body
          : Array.isArray((body as { message?: unknown }).message)
            ? (body as { message: string[] }).message.join('; ')
            : String((body as { message?: unknown }).message ?? exception.message);
      res.status(status).json({ error: CODES[status] ?? 'error', message, issues: [] });
      return;
    }
    // Express body parsing (malformed JSON, a body over the limit, a wrong charset) throws plain
    // errors that carry their HTTP status: answer with it, not with a 500.
    const parserStatus = clientErrorStatus(exception);
    if (parserStatus) {
      const e = exception as { message?: string; type?: string };
      res.status(parserStatus).json({
        error: CODES[parserStatus] ?? 'bad_request',
        message:
          e.type === 'entity.too.large'
            ? 'the request body is larger than the limit'
            : (e.message ?? 'bad request'),
        issues: [],
      });
      return;
    }
    if (isUnavailable(exception)) {
      const e = new ServiceUnavailableException();
      res.status(e.getStatus()).json({
        error: 'unavailable',
        message: 'a backing service (Temporal, its workers, or PostgreSQL) is unavailable; retry later',
        issues: [],
      });
      return;
    }
    new Logger('ApiErrorFilter').error(exception);
    res.status(500).json({ error: 'internal', message: 'internal error', issues: [] });
  }
}

/**
 * A backing service down: gRPC UNAVAILABLE from Temporal, a query Temporal cannot answer because no
 * worker polls the case's task queue (FAILED_PRECONDITION "no poller seen"), or a connection failure
 * from PostgreSQL.
 */
export function isUnavailable(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    const code = e.code;
    if (code === 14 || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT') return true;
    if (code === 9 && typeof e.message === 'string' && /no poller seen|worker may be down/i.test(e.message))
      return true;
    if (typeof code === 'string' && /^(08|57P)/.test(code)) return true; // PostgreSQL connection / shutdown classes
    e = e.cause as typeof e;
  }
  return false;
}

function clientErrorStatus(err: unknown): number | undefined {
  const e = err as { status?: unknown; statusCode?: unknown; type?: unknown };
  const status =
    typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  return status && status >= 400 && status < 500 && typeof e.type === 'string' ? status : undefined;
}
