import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  AlertIdSchema,
  AlertListQuerySchema,
  AlertResultSchema,
  RaiseAlertSchema,
} from '../../../domain/schemas/alert';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { AlertsService } from './alerts.service';

const idOf = (id: string) => parseOr400(AlertIdSchema, id, 'alert id');

/**
 * Regional intelligence alerts (docs/alerts.md). An officer, supervisor or partner administration
 * raises alerts for its own administration and reports control results of the matches its
 * administration controls; customs of the administrations an alert concerns read it.
 */
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post()
  @HttpCode(202)
  @Roles('officer', 'supervisor', 'partner')
  async raise(@Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const res = await this.alerts.raise(parseOr400(RaiseAlertSchema, body, 'alert'), p);
    return { ...res, links: { self: `/v1/alerts/${res.alertId}` } };
  }

  @Get()
  @Roles('officer', 'supervisor', 'administrator', 'partner')
  list(@Query() query: Record<string, unknown>, @CurrentPrincipal() p: Principal) {
    const q = parseOr400(AlertListQuerySchema, query, 'query');
    return this.alerts.list(p, q.state, q.limit);
  }

  @Get(':id')
  @Roles('officer', 'supervisor', 'administrator', 'partner')
  get(@Param('id') id: string, @CurrentPrincipal() p: Principal) {
    return this.alerts.view(idOf(id), p);
  }

  @Post(':id/results')
  @HttpCode(200)
  @Roles('officer', 'supervisor', 'partner')
  result(@Param('id') id: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    return this.alerts.result(idOf(id), p, parseOr400(AlertResultSchema, body, 'control result'));
  }
}

/** Alert figures per raising administration: raised, active, matches, controlled, found, hit rate. */
@Controller('v1/statistics/alerts')
export class AlertStatisticsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Roles('supervisor', 'administrator')
  figures(@CurrentPrincipal() p: Principal) {
    return this.alerts.statistics(p);
  }
}
