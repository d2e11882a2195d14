import { Controller, Get, Query } from '@nestjs/common';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { AuditStatisticsQuerySchema, ReleaseTimesQuerySchema } from './statistics.schemas';
import { StatisticsService } from './statistics.service';

@Controller('v1/statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  /** WCO Time Release Study figures (median and p90 per segment, by office and channel) and channel rates. */
  @Get('release-times')
  @Roles('supervisor', 'administrator')
  releaseTimes(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    return this.statistics.releaseTimes(parseOr400(ReleaseTimesQuerySchema, query, 'query'), principal);
  }

  /** Post-entry audits: opened and closed, yield, hit rate by selection source, release to final assessment. */
  @Get('audits')
  @Roles('supervisor', 'administrator', 'auditor')
  audits(@Query() query: Record<string, unknown>, @CurrentPrincipal() principal: Principal) {
    return this.statistics.audits(parseOr400(AuditStatisticsQuerySchema, query, 'query'), principal);
  }
}
