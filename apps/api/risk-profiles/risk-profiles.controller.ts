import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { fetchRuleStatistics, storeRiskProfile } from '../../../activities/risk';
import { RiskProfileSchema } from '../../../domain/risk';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { PG_POOL } from '../infra/tokens';

/**
 * Risk profiles: versioned JSON documents validated by the domain schema. A new version becomes the
 * active profile of its country for declarations assessed from then on (cases already assessed keep
 * the version recorded in their history). Versions are immutable.
 */
@Controller('v1/risk-profiles')
export class RiskProfilesController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Post()
  @HttpCode(201)
  @Roles('administrator')
  async store(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const profile = parseOr400(RiskProfileSchema, body, 'risk profile');
    const outcome = await storeRiskProfile(this.pool, body, principal.sub);
    if (outcome === 'conflict')
      throw new ConflictException(
        `risk profile ${profile.id} version ${profile.version} already exists with different content; store a new version`,
      );
    if (outcome === 'unchanged') res.status(200);
    return {
      id: profile.id,
      version: profile.version,
      country: profile.country ?? null,
      rules: profile.rules.length,
      stored: outcome === 'stored',
    };
  }

  @Get(':id')
  @Roles('administrator', 'supervisor')
  async latest(@Param('id') id: string) {
    const r = await this.pool.query<{
      version: number;
      country: string | null;
      document: unknown;
      created_at: Date;
      created_by: string;
    }>(
      'SELECT version, country, document, created_at, created_by FROM risk_profiles WHERE profile_id = $1 ORDER BY version DESC',
      [id],
    );
    if (r.rows.length === 0) throw new NotFoundException(`no risk profile ${id}`);
    const [latest] = r.rows;
    return {
      id,
      version: latest.version,
      versions: r.rows.map((x) => ({ version: x.version, createdAt: x.created_at, createdBy: x.created_by })),
      document: latest.document,
      statistics: await fetchRuleStatistics(this.pool, id),
    };
  }
}
