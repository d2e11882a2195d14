import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import {
  acceptJointEntry,
  bookJointInspection,
  recordEntryReinspection,
  recordJointInspection,
  requestEntryReinspection,
  supervise,
  type JointControlView,
  type SupervisorAction,
} from '../../../contracts';
import {
  BookInspectionSchema,
  JointControlParams,
  JointSignalParams,
  OpenJointControlSchema,
  RecordJointInspectionSchema,
  ReinspectionResultSchema,
  ReinspectionSchema,
} from '../../../domain/schemas/joint-control';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { SignalBodySchema } from '../cases/cases.controller';
import { JointControlsService } from './joint-controls.service';

/**
 * Joint control at facing border posts (docs/joint-control.md). Officers of either side of the pair
 * (by country, and by office when their token names offices) record the arrival at the exit post and
 * the joint inspection; only the entry side accepts entry or inspects again. Everyone else gets 404.
 * Each command is an update of `joint-control/<border>/<MRN>`: a refusal is a 409 with its reason.
 */
@Controller('v1/joint-controls')
export class JointControlsController {
  constructor(private readonly joint: JointControlsService) {}

  @Post()
  @HttpCode(202)
  @Roles('officer')
  async open(@Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const req = parseOr400(OpenJointControlSchema, body, 'joint control request');
    const res = await this.joint.open(req.mrn, req.office, p);
    return { ...res, links: { self: `/v1/joint-controls/${res.border}/${res.mrn}` } };
  }

  @Get(':border/:mrn')
  @Roles('officer', 'supervisor', 'administrator')
  get(@Param() params: unknown, @CurrentPrincipal() p: Principal) {
    const { border, mrn } = parseOr400(JointControlParams, params, 'path');
    return this.joint.get(border, mrn, p);
  }

  @Post(':border/:mrn/inspection-booking')
  @HttpCode(200)
  @Roles('officer')
  book(@Param() params: unknown, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const { border, mrn } = parseOr400(JointControlParams, params, 'path');
    const b = parseOr400(BookInspectionSchema, body, 'booking');
    return this.joint.update(border, mrn, p, 'exit', bookJointInspection, (country) => ({
      actor: p.sub,
      country,
      slot: b.slot,
    }));
  }

  @Post(':border/:mrn/inspection-result')
  @HttpCode(200)
  @Roles('officer')
  inspected(@Param() params: unknown, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const { border, mrn } = parseOr400(JointControlParams, params, 'path');
    const r = parseOr400(RecordJointInspectionSchema, body, 'inspection result');
    return this.joint.update(border, mrn, p, 'exit', recordJointInspection, (country) => ({
      actor: p.sub,
      country,
      ...r,
    }));
  }

  @Post(':border/:mrn/entry-acceptance')
  @HttpCode(200)
  @Roles('officer')
  accept(@Param() params: unknown, @CurrentPrincipal() p: Principal) {
    const { border, mrn } = parseOr400(JointControlParams, params, 'path');
    return this.joint.update(border, mrn, p, 'entry', acceptJointEntry, (country) => ({
      actor: p.sub,
      country,
    }));
  }

  @Post(':border/:mrn/reinspection')
  @HttpCode(200)
  @Roles('officer')
  reinspect(@Param() params: unknown, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const { border, mrn } = parseOr400(JointControlParams, params, 'path');
    const r = parseOr400(ReinspectionSchema, body, 're-inspection request');
    return this.joint.update(border, mrn, p, 'entry', requestEntryReinspection, (country) => ({
      actor: p.sub,
      country,
      reason: r.reason,
    }));
  }

  @Post(':border/:mrn/reinspection-result')
  @HttpCode(200)
  @Roles('officer')
  reinspected(@Param() params: unknown, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const { border, mrn } = parseOr400(JointControlParams, params, 'path');
    const r = parseOr400(ReinspectionResultSchema, body, 're-inspection result');
    return this.joint.update(border, mrn, p, 'entry', recordEntryReinspection, (country) => ({
      actor: p.sub,
      country,
      ...r,
    }));
  }

  /**
   * A supervisor of either side: escalate, or retry a side's risk decision that failed for good (the
   * case stuck with the reason). The workflow decides: a refusal is a 409.
   */
  @Post(':border/:mrn/signals/:signal')
  @HttpCode(200)
  @Roles('supervisor')
  signal(@Param() params: unknown, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const { border, mrn, signal } = parseOr400(JointSignalParams, params, 'path');
    const b = parseOr400(SignalBodySchema.pick({ reason: true }), body ?? {}, 'signal');
    return this.joint.update(
      border,
      mrn,
      p,
      'exit',
      supervise as UpdateDefinition<JointControlView, [SupervisorAction]>,
      () => ({
        signal,
        reason: b.reason,
        actor: p.sub,
        role: p.role,
      }),
    );
  }
}
