import type { NextFunction, Request, Response } from 'express';
import type { Pino } from '../../shared/observability/logger';
import type { Metrics } from '../../shared/observability/metrics';
import { requestIdFrom, runWithRequestId } from '../../shared/observability/request-id';
import type { Tracing } from '../../shared/observability/tracing';

const QUIET = new Set(['/health', '/metrics']);
const EXCHANGE_IN = '/v1/exchange/messages';
const EXCHANGE_OUTCOME: Record<number, string> = {
  200: 'applied',
  400: 'invalid',
  403: 'out-of-scope',
  404: 'unknown-movement',
  409: 'refused',
};

/**
 * First on every request: its id (the caller's `X-Request-Id` when it is a plain token, else a new
 * one; answered in `X-Request-Id`), the async context the Temporal client interceptor reads it from,
 * the latency histogram by route template (`/v1/declarations/:mrn`, never the path with its MRN),
 * one `request completed` line (method, route, path without its query, status, time; never a body
 * or a header), and, with tracing on, the request's span, parent of the Temporal calls' spans.
 */
export function requestMiddleware(log: Pino, metrics: Metrics, tracing?: Tracing) {
  return (req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    req.id = requestId;
    res.setHeader('x-request-id', requestId);
    const started = process.hrtime.bigint();
    const stop = metrics.httpDuration.startTimer({ method: req.method });
    const span = tracing?.tracer.startSpan(`HTTP ${req.method}`, {
      attributes: { 'http.method': req.method },
    });
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      stop({ route, status: String(res.statusCode) });
      // A partner's message is counted where its outcome is answered (the exchange inbox's answer).
      const partner = (req as { principal?: { sub: string } }).principal?.sub;
      if (route === EXCHANGE_IN && partner)
        metrics.exchangeMessages.inc({
          partner,
          direction: 'in',
          outcome: EXCHANGE_OUTCOME[res.statusCode] ?? 'failed',
        });
      if (!QUIET.has(route))
        log[res.statusCode >= 500 ? 'error' : 'info'](
          {
            requestId,
            method: req.method,
            route,
            path: req.originalUrl.split('?')[0],
            status: res.statusCode,
            durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          },
          'request completed',
        );
      span?.updateName(`HTTP ${req.method} ${route}`);
      span?.setAttributes({
        'http.route': route,
        'http.status_code': res.statusCode,
        'clearway.request_id': requestId,
      });
      span?.end();
    });
    if (!span || !tracing) return runWithRequestId(requestId, next);
    const { context, trace } = tracing.api;
    context.with(trace.setSpan(context.active(), span), () => runWithRequestId(requestId, next));
  };
}
