import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from '../../shared/observability/metrics';
import { requestIdFrom, runWithRequestId } from '../../shared/observability/request-id';
import type { Tracing } from '../../shared/observability/tracing';

/**
 * First on every request: its id (the caller's `X-Request-Id` when it is a plain token, else a new
 * one; answered in `X-Request-Id`), the async context the Temporal client interceptor reads it from,
 * the latency histogram by route template (`/v1/declarations/:mrn`, never the path with its MRN),
 * and, with tracing on, the request's span, parent of the spans of the Temporal calls it makes.
 */
export function requestMiddleware(metrics: Metrics, tracing?: Tracing) {
  return (req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    req.id = requestId;
    res.setHeader('x-request-id', requestId);
    const stop = metrics.httpDuration.startTimer({ method: req.method });
    const span = tracing?.tracer.startSpan(`HTTP ${req.method}`, {
      attributes: { 'http.method': req.method },
    });
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      stop({ route, status: String(res.statusCode) });
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
