import { Body, Controller, ForbiddenException, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { isValidMrn } from '../../../domain/mrn';
import {
  amendTransitGuarantee,
  answerEnquiry,
  notifyArrival,
  recordBorderCrossing,
  recordDepartureControl,
  recordIncident,
  recordUnloadingRemarks,
  resolveDiscrepancies,
} from '../../../contracts';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import { inScope, type Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { NctsService } from '../ncts/ncts.service';
import { isXml, sendXml } from '../ncts/xml-body';
import { ReferenceService } from '../reference/reference.service';
import {
  AmendmentBody,
  ArrivalBody,
  BorderCrossingBody,
  ControlResultBody,
  EnquiryResponseBody,
  IncidentBody,
  ResolutionBody,
  UnloadingRemarksBody,
} from './dto';
import { DepartureForwarding } from './forward';
import { checkLodging } from './lodging';
import { TransitsService } from './transits.service';

export const MrnParam = z
  .string()
  .refine(isValidMrn, 'not a valid MRN (18 characters with a correct check digit)');

/** Thin: validate with the shared schemas, check scope, hand over to the service (the workflow decides). */
@Controller('v1/transits')
export class TransitsController {
  constructor(
    private readonly transits: TransitsService,
    private readonly reference: ReferenceService,
    private readonly ncts: NctsService,
    private readonly forwarding: DepartureForwarding,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('clearance-system')
  async lodge(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (isXml(req)) return sendXml(res, await this.ncts.lodge(body, principal));
    const { t, tirCarnetNumber } = await checkLodging(body, this.reference);
    if (!inScope(principal, t.officeOfDeparture.slice(0, 2), t.officeOfDeparture))
      throw new ForbiddenException(`office ${t.officeOfDeparture} is outside your scope`);
    const lodged = await this.transits.lodge(t, tirCarnetNumber, principal);
    return { ...lodged, links: { self: `/v1/transits/${lodged.mrn}` } };
  }

  @Get(':mrn')
  @Roles('clearance-system', 'officer', 'supervisor', 'administrator')
  get(@Param('mrn') mrn: string, @CurrentPrincipal() principal: Principal) {
    return this.transits.get(parseOr400(MrnParam, mrn, 'MRN'), principal);
  }

  @Post(':mrn/control-results')
  @HttpCode(200)
  @Roles('officer')
  controlResult(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const b = parseOr400(ControlResultBody, body, 'control result');
    this.officeScope(p, b.office);
    return this.transits.update(parseOr400(MrnParam, mrn, 'MRN'), p, recordDepartureControl, {
      ...b,
      officer: p.sub,
    });
  }

  @Post(':mrn/border-crossings')
  @HttpCode(200)
  @Roles('officer')
  async crossing(
    @Param('mrn') mrn: string,
    @Body() body: unknown,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const b = parseOr400(BorderCrossingBody, body, 'border crossing');
    this.officeScope(p, b.office);
    const m = parseOr400(MrnParam, mrn, 'MRN');
    const forwarded = await this.forwarding.forward(m, p, 'IE118', b);
    if (forwarded) {
      res.status(202);
      return forwarded;
    }
    return this.transits.update(m, p, recordBorderCrossing, {
      ...b,
      officer: p.sub,
    });
  }

  @Post(':mrn/incidents')
  @HttpCode(200)
  @Roles('officer')
  incident(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const b = parseOr400(IncidentBody, body, 'incident');
    if (!inScope(p, b.country, b.office))
      throw new ForbiddenException(`${b.office ?? b.country} is outside your scope`);
    return this.transits.update(parseOr400(MrnParam, mrn, 'MRN'), p, recordIncident, {
      ...b,
      officer: p.sub,
    });
  }

  @Post(':mrn/arrival')
  @HttpCode(200)
  @Roles('officer')
  async arrival(
    @Param('mrn') mrn: string,
    @Body() body: unknown,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (isXml(req))
      return sendXml(res, await this.ncts.followUp(parseOr400(MrnParam, mrn, 'MRN'), body, p, ['CC007C']));
    const b = parseOr400(ArrivalBody, body, 'arrival notification');
    this.officeScope(p, b.office);
    const m = parseOr400(MrnParam, mrn, 'MRN');
    const forwarded = await this.forwarding.forward(m, p, 'IE006', b);
    if (forwarded) {
      res.status(202);
      return forwarded;
    }
    return this.transits.update(m, p, notifyArrival, { ...b, officer: p.sub });
  }

  @Post(':mrn/unloading-remarks')
  @HttpCode(200)
  @Roles('officer')
  async unloading(
    @Param('mrn') mrn: string,
    @Body() body: unknown,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (isXml(req))
      return sendXml(res, await this.ncts.followUp(parseOr400(MrnParam, mrn, 'MRN'), body, p, ['CC044C']));
    const b = parseOr400(UnloadingRemarksBody, body, 'unloading remarks');
    this.officeScope(p, b.office);
    const m = parseOr400(MrnParam, mrn, 'MRN');
    const forwarded = await this.forwarding.forward(m, p, 'IE018', b);
    if (forwarded) {
      res.status(202);
      return forwarded;
    }
    return this.transits.update(m, p, recordUnloadingRemarks, {
      ...b,
      officer: p.sub,
    });
  }

  @Post(':mrn/discrepancies/resolution')
  @HttpCode(200)
  @Roles('officer')
  resolution(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const b = parseOr400(ResolutionBody, body, 'discrepancy resolution');
    this.officeScope(p, b.office);
    return this.transits.update(parseOr400(MrnParam, mrn, 'MRN'), p, resolveDiscrepancies, {
      ...b,
      officer: p.sub,
    });
  }

  @Post(':mrn/enquiry-response')
  @HttpCode(200)
  @Roles('clearance-system')
  async enquiryResponse(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const m = parseOr400(MrnParam, mrn, 'MRN');
    const b = parseOr400(EnquiryResponseBody, body, 'enquiry response');
    await this.departureScope(m, p);
    return this.transits.update(m, p, answerEnquiry, { ...b, by: p.sub });
  }

  @Post(':mrn/amendments')
  @HttpCode(200)
  @Roles('clearance-system')
  async amend(
    @Param('mrn') mrn: string,
    @Body() body: unknown,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const m = parseOr400(MrnParam, mrn, 'MRN');
    if (isXml(req)) return sendXml(res, await this.ncts.followUp(m, body, p, ['CC013C']));
    const b = parseOr400(AmendmentBody, body, 'amendment');
    await this.departureScope(m, p);
    return this.transits.update(m, p, amendTransitGuarantee, { ...b, by: p.sub });
  }

  private officeScope(p: Principal, office: string) {
    if (!inScope(p, office.slice(0, 2), office))
      throw new ForbiddenException(`office ${office} is outside your scope`);
  }

  /** The holder's clearance system answers for the movement where it was lodged. */
  private async departureScope(mrn: string, p: Principal) {
    const v = await this.transits.get(mrn, p);
    if (!inScope(p, v.country, v.office))
      throw new ForbiddenException(`movement ${mrn} was lodged at ${v.office}, outside your scope`);
  }
}
