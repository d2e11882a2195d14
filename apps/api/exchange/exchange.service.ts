import {
  ConflictException,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import type { Pool } from 'pg';
import {
  notifyArrival,
  recordBorderCrossing,
  recordIncident,
  recordUnloadingRemarks,
  type TransitView,
} from '../../../contracts';
import { inScope, type Principal } from '../auth/tokens';
import { PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';
import { isClosedWorkflow } from '../transits/transits.service';
import type { ExchangeMessageBody, ExchangeOutcome } from './dto';
import { claimInbox, settleInbox, type Recorded } from './inbox';
export type { Recorded } from './inbox';

/** The movement update a partner message maps to, with the partner as the acting officer. */
function updateFor(
  m: ExchangeMessageBody,
  officer: string,
): { def: unknown; arg: unknown; country: string; office?: string } {
  switch (m.type) {
    case 'IE118':
      return {
        def: recordBorderCrossing,
        arg: { ...m.body, officer },
        country: m.body.office.slice(0, 2),
        office: m.body.office,
      };
    case 'IE182':
      return {
        def: recordIncident,
        arg: { ...m.body, officer },
        country: m.body.country,
        office: m.body.office,
      };
    case 'IE006':
      return {
        def: notifyArrival,
        arg: { ...m.body, officer },
        country: m.body.office.slice(0, 2),
        office: m.body.office,
      };
    case 'IE018':
      return {
        def: recordUnloadingRemarks,
        arg: { ...m.body, officer },
        country: m.body.office.slice(0, 2),
        office: m.body.office,
      };
  }
}

/**
 * The exchange inbox for partner administrations. Each message is stored once under its sender and
 * id (table `inbox`, migration 0700): one partner's ids never collide with another's. It is applied
 * to the movement as an update whose update id is `<sender>/<message id>`, so even a delivery
 * interrupted between Temporal and the inbox row is applied once. A repeated message id from the
 * same sender answers the stored outcome; the same id with other content is a 409.
 */
@Injectable()
export class ExchangeService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async receive(m: ExchangeMessageBody, principal: Principal): Promise<ExchangeOutcome> {
    const u = updateFor(m, '');
    if (!inScope(principal, u.country, u.office))
      throw new ForbiddenException(`${u.office ?? u.country} is outside your scope`);
    const r = await this.record(m, `partner:${principal.sub}`);
    if (r.kind === 'other-content')
      throw new ConflictException(`message ${m.messageId} was already received with different content`);
    if (r.kind === 'no-movement') throw new NotFoundException(`no transit movement ${m.mrn}`);
    return this.answer(r.outcome);
  }

  /**
   * Stores the message once under `source` and applies it; the signed door (signed-exchange.ts)
   * and the bearer door above share it. A repeat answers the stored outcome (`duplicate`).
   */
  async record(m: ExchangeMessageBody, source: string): Promise<Recorded> {
    const caseId = `transit/${m.mrn}`;
    const u = updateFor(m, source);
    // A half-way earlier delivery is applied again: the update id is the same, so it is applied once.
    const claim = await claimInbox(this.pool, {
      messageId: m.messageId,
      source,
      caseId,
      type: m.type,
      payload: m,
    });
    if (claim.kind !== 'apply') return claim;
    let outcome: ExchangeOutcome;
    try {
      const handle = this.client.workflow.getHandle(caseId) as unknown as {
        startUpdate(d: unknown, o: unknown): Promise<{ result(): Promise<TransitView> }>;
      };
      const upd = await handle.startUpdate(u.def, {
        args: [u.arg],
        updateId: `${source}/${m.messageId}`,
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      const view = await upd.result();
      outcome = { messageId: m.messageId, caseId, status: 'APPLIED', duplicate: false, state: view.state };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        outcome = {
          messageId: m.messageId,
          caseId,
          status: 'REFUSED',
          duplicate: false,
          reason: (err.cause as Error | undefined)?.message ?? err.message,
        };
      } else if (err instanceof WorkflowNotFoundError) {
        // Nothing to apply it to: keep nothing, so the same id can be sent once the MRN is right.
        await this.pool.query(
          `DELETE FROM inbox WHERE source = $1 AND message_id = $2 AND status = 'RECEIVED'`,
          [source, m.messageId],
        );
        return { kind: 'no-movement' };
      } else if (isClosedWorkflow(err)) {
        outcome = {
          messageId: m.messageId,
          caseId,
          status: 'REFUSED',
          duplicate: false,
          reason: 'refused: the movement is closed; nothing more can be recorded',
        };
      } else {
        throw err; // Temporal unavailable: the row stays RECEIVED and a redelivery applies it
      }
    }
    return settleInbox(this.pool, source, outcome);
  }

  /** APPLIED answers 200; REFUSED answers 409 with the reason, the first time and every time after. */
  private answer(o: ExchangeOutcome): ExchangeOutcome {
    if (o.status === 'REFUSED')
      throw new HttpException(
        { error: 'conflict', message: o.reason ?? 'refused', issues: [], outcome: o },
        409,
      );
    return o;
  }
}
