import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { presentTransitGoods, requestInvalidation } from '../../../contracts';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import { inScope, type Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { InvalidationBody, PresentationBody } from '../transits/dto';
import { MrnParam } from '../transits/transits.controller';
import { TransitsService } from '../transits/transits.service';
import { FOLLOW_UP_ROOTS, NctsService } from './ncts.service';
import { isXml, sendXml, wantsXml } from './xml-body';

/**
 * The NCTS messages of a movement: invalidation (IE014, or its JSON body), presentation (IE170), any
 * follow-up by its root element, and the messages the movement produced.
 */
@Controller('v1/transits')
export class NctsController {
  constructor(
    private readonly ncts: NctsService,
    private readonly transits: TransitsService,
  ) {}

  /** The holder's clearance system invalidates a declaration not yet released for transit. */
  @Post(':mrn/invalidation')
  @HttpCode(200)
  @Roles('clearance-system')
  async invalidation(
    @Param('mrn') mrn: string,
    @Body() body: unknown,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const m = parseOr400(MrnParam, mrn, 'MRN');
    if (isXml(req)) return sendXml(res, await this.ncts.followUp(m, body, p, ['CC014C']));
    const b = parseOr400(InvalidationBody, body, 'invalidation request');
    await this.departureScope(m, p);
    return this.transits.update(m, p, requestInvalidation, { ...b, by: p.sub });
  }

  /** The holder's clearance system presents the goods of a pre-lodged declaration (IE170, or its JSON body). */
  @Post(':mrn/presentation')
  @HttpCode(200)
  @Roles('clearance-system')
  async presentation(
    @Param('mrn') mrn: string,
    @Body() body: unknown,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const m = parseOr400(MrnParam, mrn, 'MRN');
    if (isXml(req)) return sendXml(res, await this.ncts.followUp(m, body, p, ['CC170C']));
    const b = parseOr400(PresentationBody, body, 'presentation');
    await this.departureScope(m, p);
    return this.transits.update(m, p, presentTransitGoods, { ...b, by: p.sub });
  }

  /** The holder's clearance system answers for the movement where it was lodged. */
  private async departureScope(mrn: string, p: Principal) {
    const v = await this.transits.get(mrn, p);
    if (!inScope(p, v.country, v.office))
      throw new ForbiddenException(`movement ${mrn} was lodged at ${v.office}, outside your scope`);
  }

  /** Any follow-up of the movement, dispatched by its root element (CC013C, CC014C, CC170C, CC007C, CC044C). */
  @Post(':mrn/messages')
  @HttpCode(200)
  @Roles('clearance-system', 'officer')
  async receive(
    @Param('mrn') mrn: string,
    @Body() body: unknown,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    return sendXml(res, await this.ncts.followUp(parseOr400(MrnParam, mrn, 'MRN'), body, p, FOLLOW_UP_ROOTS));
  }

  /**
   * The messages the movement produced (IE928, IE028, IE029, ...), owner-scoped like the movement.
   * JSON by default; `Accept: application/xml` with `?type=IE029` answers that message as it is.
   */
  @Get(':mrn/messages')
  @Roles('clearance-system', 'officer', 'supervisor', 'administrator')
  async list(
    @Param('mrn') mrn: string,
    @Query('type') type: string | undefined,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const all = await this.ncts.messages(parseOr400(MrnParam, mrn, 'MRN'), p);
    const messages = type ? all.filter((m) => m.type === type) : all;
    if (!wantsXml(req)) return { mrn, messages };
    const last = messages[messages.length - 1];
    if (type && last)
      return sendXml(res, { status: 200, xml: last.xml, headers: { 'x-ncts-message': last.type } });
    const inner = messages.map(
      (m) =>
        `<message type="${m.type}" id="${m.messageId}" at="${m.at}">\n${m.xml.replace(/^<\?xml[^>]*>\n/, '')}</message>`,
    );
    return sendXml(res, {
      status: 200,
      xml: `<?xml version="1.0" encoding="UTF-8"?>\n<messages mrn="${mrn}">\n${inner.join('\n')}\n</messages>\n`,
    });
  }
}
