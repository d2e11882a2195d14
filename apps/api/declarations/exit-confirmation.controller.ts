import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { caseView, confirmExit, type DeclarationView } from '../../../contracts';
import { MrnSchema } from '../../../domain/schemas/audit';
import { ExitConfirmationSchema } from '../../../domain/schemas/declaration-exit';
import { CurrentPrincipal, Roles } from '../auth/auth.guard';
import { inScope, type Principal } from '../auth/tokens';
import { parseOr400 } from '../common/errors';
import { TEMPORAL_CLIENT } from '../infra/tokens';
import { DeclarationsService } from './declarations.service';

const Params = z.object({ mrn: MrnSchema });

/**
 * Export exit confirmation (docs/declaration-process.md): an officer of the office of exit confirms
 * that the goods of a released export left. The office of exit often lies outside the office of
 * declaration's scope, so the case is visible here to officers of either office; the workflow's
 * refusal (not an export, not released, another office, confirmed already) is a 409. The same office
 * confirming again answers `duplicate: true`.
 */
@Controller('v1/declarations')
export class ExitConfirmationController {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly declarations: DeclarationsService,
  ) {}

  @Post(':mrn/exit-confirmation')
  @HttpCode(200)
  @Roles('officer')
  async confirm(@Param() params: unknown, @Body() body: unknown, @CurrentPrincipal() p: Principal) {
    const { mrn } = parseOr400(Params, params, 'path');
    const b = parseOr400(ExitConfirmationSchema, body, 'exit confirmation');
    if (!inScope(p, b.office.slice(0, 2), b.office))
      throw new ForbiddenException(`office ${b.office} is outside your scope`);
    const view = await this.visible(mrn, p);
    const done = view.exit?.confirmedAt && view.exit.office === b.office;
    const next = done
      ? view
      : await this.declarations.update(
          mrn,
          p,
          confirmExit,
          {
            office: b.office,
            actor: p.sub,
            via: 'office' as const,
            ...(b.remarks ? { remarks: b.remarks } : {}),
          },
          view,
        );
    return { mrn, exit: next.exit, duplicate: !!done, links: { self: `/v1/declarations/${mrn}` } };
  }

  /** The case, to an officer of its office of declaration or of its office of exit; 404 to anyone else. */
  private async visible(mrn: string, p: Principal): Promise<DeclarationView> {
    const missing = new NotFoundException(`no declaration ${mrn}`);
    let v: DeclarationView;
    try {
      v = await this.client.workflow.getHandle(`declaration/${mrn}`).query(caseView);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw missing;
      throw err;
    }
    const exit = v.declaration.officeOfExit;
    if (inScope(p, v.country, v.office) || (exit && inScope(p, exit.slice(0, 2), exit))) return v;
    throw missing;
  }
}
