import { Controller, Get, Inject, Module, Res, type DynamicModule } from '@nestjs/common';
import type { Response } from 'express';
import { LoggerModule } from 'nestjs-pino';
import type { Pino } from '../../shared/observability/logger';
import type { Metrics } from '../../shared/observability/metrics';
import { requestIdFrom } from '../../shared/observability/request-id';
import { Roles } from '../auth/auth.guard';

const METRICS = 'clearway:metrics';

/**
 * `GET /metrics` on the API's port: an administrator's token, like every route but /health
 * (Prometheus sends it with `authorization: credentials_file`). A scraper without tokens uses
 * the separate listener of CLEARWAY_API_METRICS_PORT instead (docs/operations.md, "Metrics").
 * The counts name kinds, states, offices and routes: no case, no party.
 */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: Metrics) {}

  @Roles('administrator')
  @Get()
  async scrape(@Res() res: Response) {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}

/**
 * The API's request log (pino-http through nestjs-pino): one line per request with its id, method,
 * path without query, status and time; Nest's own logging and `Logger` calls on the same logger,
 * bound to the request's id inside a request.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(log: Pino, metrics: Metrics): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger: log,
            genReqId: (req) => (req as { id?: string }).id ?? requestIdFrom(undefined),
            customAttributeKeys: { reqId: 'requestId' },
            // The request's logger is a child bound to its id, so every line of the request has it.
            quietReqLogger: true,
            serializers: {
              req: (r: { method: string; url: string }) => ({ method: r.method, path: r.url.split('?')[0] }),
              res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }),
            },
            customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
          },
        }),
      ],
      controllers: [MetricsController],
      providers: [{ provide: METRICS, useValue: metrics }],
    };
  }
}
