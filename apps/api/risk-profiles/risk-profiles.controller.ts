import {
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpException,
  Inject,
  NotFoundException,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { fetchRuleStatistics } from '../../../activities/risk';
import {
  approveRiskProfile,
  listRiskProfileVersions,
  proposeRiskProfile,
} from '../../../activities/risk/governance';
import {
  MAX_PROFILE_VERSION,
  RiskProfileApprovalSchema,
  RiskProfileSchema,
  type GovernanceRefusal,
} from '../../../domain/risk';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400, ValidationFailed } from '../common/errors';
import { PG_POOL } from '../infra/tokens';

export const RiskProfileVersionParamsSchema = z.object({
  id: z.string().describe('risk profile id'),
  version: z.coerce.number().int().positive().max(MAX_PROFILE_VERSION).describe('version number'),
});

function refusalException(r: GovernanceRefusal): HttpException {
  if (r.status === 400)
    return new ValidationFailed([{ path: r.path ?? '', message: r.message, code: 'custom' }]);
  if (r.status === 403) return new ForbiddenException(r.message);
  if (r.status === 404) return new NotFoundException(r.message);
  return new ConflictException(r.message);
}

/**
 * Risk profiles: versioned JSON documents validated by the domain schema, governed per
 * administration (domain/risk/governance.ts). An administrator of the profile's country proposes a
 * version; a second administrator of that country approves it, stating when it takes effect; the
 * worker assesses with the version in force. Cases already assessed keep the version recorded in
 * their history. Versions are immutable; reads are limited to the caller's countries.
 */
@Controller('v1/risk-profiles')
export class RiskProfilesController {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  @Post()
  @HttpCode(201)
  @Roles('administrator')
  async propose(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const profile = parseOr400(RiskProfileSchema, body, 'risk profile');
    const result = await proposeRiskProfile(this.pool, body, profile, principal);
    if ('refusal' in result) throw refusalException(result.refusal);
    if (result.outcome === 'conflict')
      throw new ConflictException(
        `risk profile ${profile.id} version ${profile.version} already exists with different content; propose a new version`,
      );
    if (result.outcome === 'unchanged') res.status(200);
    return {
      id: profile.id,
      version: profile.version,
      country: profile.country ?? null,
      rules: profile.rules.length,
      stored: result.outcome === 'stored',
    };
  }

  @Post(':id/versions/:version/approval')
  @HttpCode(200)
  @Roles('administrator')
  async approve(@Param() params: unknown, @Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const ref = parseOr400(RiskProfileVersionParamsSchema, params, 'path');
    const approval = parseOr400(RiskProfileApprovalSchema, body ?? {}, 'approval');
    const activeFrom = approval.activeFrom === undefined ? undefined : new Date(approval.activeFrom);
    const result = await approveRiskProfile(this.pool, ref, principal, activeFrom, new Date());
    if ('refusal' in result) throw refusalException(result.refusal);
    return { id: ref.id, country: result.country, ...result.version };
  }

  @Get(':id/versions')
  @Roles('administrator', 'supervisor')
  async versions(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const found = await listRiskProfileVersions(this.pool, id, principal.countries, new Date());
    if (!found) throw new NotFoundException(`no risk profile ${id} in your administrations`);
    return { id, ...found };
  }

  @Get(':id')
  @Roles('administrator', 'supervisor')
  async latest(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const found = await listRiskProfileVersions(this.pool, id, principal.countries, new Date());
    if (!found) throw new NotFoundException(`no risk profile ${id} in your administrations`);
    const latest = found.versions[0].version;
    const doc = await this.pool.query<{ document: unknown }>(
      'SELECT document FROM risk_profiles WHERE profile_id = $1 AND version = $2',
      [id, latest],
    );
    return {
      id,
      version: latest,
      country: found.country,
      versions: found.versions,
      document: doc.rows[0].document,
      statistics: await fetchRuleStatistics(this.pool, id),
    };
  }
}
