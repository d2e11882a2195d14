import { Controller, Get, Inject, Module, Res, type DynamicModule } from '@nestjs/common';
import type { Response } from 'express';
import type { Metrics } from '../../shared/observability/metrics';
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

@Module({})
export class ObservabilityModule {
  static forRoot(metrics: Metrics): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [MetricsController],
      providers: [{ provide: METRICS, useValue: metrics }],
    };
  }
}
