import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import type { Config } from '../../config/env';
import { AuthGuard } from './auth/auth.guard';
import { ApiErrorFilter } from './common/errors';
import { DeclarationsController } from './declarations/declarations.controller';
import { ExitConfirmationController } from './declarations/exit-confirmation.controller';
import { DeclarationsService } from './declarations/declarations.service';
import { WebhooksController } from './declarations/webhooks.controller';
import { RiskProfilesController } from './risk-profiles/risk-profiles.controller';
import { HealthController } from './health/health.controller';
import { CasesController } from './cases/cases.controller';
import { ArchiveService } from './cases/archive.service';
import { CodecController } from './codec/codec.controller';
import { CodecService } from './codec/codec.service';
import { CasesService } from './cases/cases.service';
import { AdminController } from './admin/admin.controller';
import { AUTH_SECRET, CONFIG, EXCHANGE_TRUST, PG_POOL, TEMPORAL_CLIENT } from './infra/tokens';
import { ReferenceService } from './reference/reference.service';
import { TransitsModule } from './transits/transits.module';
import { ExchangeModule } from './exchange/exchange.module';
import { GuaranteesModule } from './guarantees/guarantees.module';
import { AuditsModule } from './audits/audits.module';
import { AlertsModule } from './alerts/alerts.module';
import { JointControlsModule } from './joint-controls/joint-controls.module';
import { StatisticsModule } from './statistics/statistics.module';
import { ConsoleModule } from './console/console.module';
import { OutboxModule } from './outbox/outbox.module';
import { OpenApiModule } from './openapi/openapi.module';
import { ObservabilityModule } from './observability/observability.module';
import type { Pino } from '../shared/observability/logger';
import type { Metrics } from '../shared/observability/metrics';
import type { Tracing } from '../shared/observability/tracing';
import type { ExchangeTrust } from '../../activities/exchange/trust';

export interface ApiDeps {
  config: Config;
  client: Client;
  pool: Pool;
  authSecret: string;
  /** The process's logger, metrics and tracing (created by createApi when absent; tracing off). */
  log?: Pino;
  metrics?: Metrics;
  tracing?: Tracing;
  /** The partner directory and signing keys; createApi loads them from the configuration when absent. */
  exchangeTrust?: ExchangeTrust;
}

/** Shared infrastructure: configuration, the Temporal client, the pool, reference data. */
@Global()
@Module({})
export class InfraModule {
  static forRoot(deps: ApiDeps): DynamicModule {
    return {
      module: InfraModule,
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: TEMPORAL_CLIENT, useValue: deps.client },
        { provide: PG_POOL, useValue: deps.pool },
        { provide: AUTH_SECRET, useValue: deps.authSecret },
        { provide: EXCHANGE_TRUST, useValue: deps.exchangeTrust },
        ReferenceService,
      ],
      exports: [CONFIG, TEMPORAL_CLIENT, PG_POOL, AUTH_SECRET, EXCHANGE_TRUST, ReferenceService],
    };
  }
}

@Module({ controllers: [CodecController], providers: [CodecService] })
export class CodecModule {}

@Module({ controllers: [HealthController] })
export class HealthModule {}

@Module({
  controllers: [DeclarationsController, ExitConfirmationController, WebhooksController],
  providers: [DeclarationsService],
})
export class DeclarationsModule {}

@Module({ controllers: [RiskProfilesController] })
export class RiskProfilesModule {}

@Module({
  controllers: [CasesController, AdminController],
  providers: [CasesService, ArchiveService],
  exports: [CasesService],
})
export class CasesModule {}

@Module({})
export class AppModule {
  static forRoot(deps: ApiDeps & Required<Pick<ApiDeps, 'metrics'>>): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfraModule.forRoot(deps),
        ObservabilityModule.forRoot(deps.metrics),
        HealthModule,
        DeclarationsModule,
        RiskProfilesModule,
        CasesModule,
        StatisticsModule,
        ConsoleModule,
        OpenApiModule,
        TransitsModule,
        GuaranteesModule,
        AuditsModule,
        AlertsModule,
        JointControlsModule,
        ExchangeModule,
        CodecModule,
        OutboxModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ApiErrorFilter },
      ],
    };
  }
}
