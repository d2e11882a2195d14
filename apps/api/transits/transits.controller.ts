import { Body, Controller, ForbiddenException, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { isValidMrn } from '../../../domain/mrn';
import { TransitDeclarationSchema } from '../../../domain/schemas/transit';
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
import { parseOr400, ValidationFailed } from '../common/errors';
import { ReferenceService } from '../reference/reference.service';
import {
  AmendmentBody,
  ArrivalBody,
  BorderCrossingBody,
  ControlResultBody,
  EnquiryResponseBody,
  IncidentBody,
  ResolutionBody,
  TirCarnetSchema,
  UnloadingRemarksBody,
} from './dto';
import { TransitsService } from './transits.service';

const MrnParam = z.string().refine(isValidMrn, 'not a valid MRN (18 characters with a correct check digit)');

/** Thin: validate with the shared schemas, check scope, hand over to the service (the workflow decides). */
@Controller('v1/transits')
export class TransitsController {
  constructor(
    private readonly transits: TransitsService,
    private readonly reference: ReferenceService,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('clearance-system')
  async lodge(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const t = parseOr400(TransitDeclarationSchema, body, 'transit declaration');
    const { tirCarnetNumber } = parseOr400(TirCarnetSchema, body, 'transit declaration');
    const tir = t.declarationType === 'TIR' || t.guarantee.type === 'B';
    if (tir && !tirCarnetNumber)
      throw new ValidationFailed(
        [
          {
            path: 'tirCarnetNumber',
            message: 'a TIR movement (declaration type TIR or guarantee type B) needs the TIR carnet number',
            code: 'required',
          },
        ],
        'the transit declaration is not valid',
      );
    if (t.declarationType === 'TIR' && t.guarantee.type !== 'B')
      throw new ValidationFailed(
        [
          {
            path: 'guarantee.type',
            message: 'a TIR movement is secured by a TIR guarantee (type B)',
            code: 'invalid_value',
          },
        ],
        'the transit declaration is not valid',
      );
    await this.reference.assertTransit(t);
    if (!inScope(principal, t.officeOfDeparture.slice(0, 2), t.officeOfDeparture))
      throw new ForbiddenException(`office ${t.officeOfDeparture} is outside your scope`);
    const res = await this.transits.lodge(t, tirCarnetNumber, principal);
    return { ...res, links: { self: `/v1/transits/${res.mrn}` } };
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
  crossing(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const b = parseOr400(BorderCrossingBody, body, 'border crossing');
    this.officeScope(p, b.office);
    return this.transits.update(parseOr400(MrnParam, mrn, 'MRN'), p, recordBorderCrossing, {
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
  arrival(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const b = parseOr400(ArrivalBody, body, 'arrival notification');
    this.officeScope(p, b.office);
    return this.transits.update(parseOr400(MrnParam, mrn, 'MRN'), p, notifyArrival, { ...b, officer: p.sub });
  }

  @Post(':mrn/unloading-remarks')
  @HttpCode(200)
  @Roles('officer')
  unloading(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const b = parseOr400(UnloadingRemarksBody, body, 'unloading remarks');
    this.officeScope(p, b.office);
    return this.transits.update(parseOr400(MrnParam, mrn, 'MRN'), p, recordUnloadingRemarks, {
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
  async amend(@Param('mrn') mrn: string, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const m = parseOr400(MrnParam, mrn, 'MRN');
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
