import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { z } from 'zod';
import { servedBy } from '../../../config/administrations';
import type { Config } from '../../../config/env';
import { arrivalRecordView, type ArrivalRecordView } from '../../../contracts/arrival';
import { departureAdministration } from '../../../domain/exchange/message-types';
import { enqueueOutbox } from '../../../activities/outbox';
import { inScope, type Principal } from '../auth/tokens';
import { payloadHash } from '../declarations/identity';
import { CONFIG, PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';

/** What an officer's command became when the movement lives on another administration's node. */
export const ForwardedSchema = z.object({
  mrn: z.string(),
  status: z.literal('FORWARDED'),
  /** The partner message, signed by the outbox's partner sender on its way. */
  forwarded: z.object({ messageId: z.string(), type: z.string(), to: z.string(), caseId: z.string() }),
});
export type Forwarded = z.infer<typeof ForwardedSchema>;

/**
 * An officer's command about a movement lodged with another administration (docs/exchange.md, "Two
 * nodes"): this node holds only the office's arrival record, so the crossing (IE118), the arrival
 * (IE006) or the unloading remarks (IE018) go to the departure administration as a partner message
 * through the outbox, signed on the way, and its node applies them to the movement. The message id
 * derives from the command, so the same command twice is one message.
 */
@Injectable()
export class DepartureForwarding {
  private readonly served: ReadonlySet<string>;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CONFIG) config: Config,
  ) {
    this.served = servedBy(config);
  }

  /** Undefined: the movement is this node's (or nowhere), the route applies the command itself. */
  async forward(
    mrn: string,
    p: Principal,
    type: 'IE118' | 'IE006' | 'IE018',
    body: { office: string } & Record<string, unknown>,
  ): Promise<Forwarded | undefined> {
    const departure = departureAdministration(mrn);
    if (this.served.has(departure)) return undefined;
    const caseId = `arrival/${mrn}`;
    let record: ArrivalRecordView;
    try {
      record = await this.client.workflow.getHandle(caseId).query(arrivalRecordView);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`no transit movement ${mrn}`);
      throw err;
    }
    if (!inScope(p, record.country)) throw new NotFoundException(`no transit movement ${mrn}`);
    const sender = body.office.slice(0, 2);
    if (!this.served.has(sender)) throw new ForbiddenException(`this node does not serve ${sender}`);
    const messageId = `${caseId}/${type}/${body.office}/${payloadHash(body).slice(0, 16)}`;
    const to = `partner:${departure}`;
    await enqueueOutbox(this.pool, [
      { messageId, caseId, destination: to, type, payload: { sender, ...body } },
    ]);
    return { mrn, status: 'FORWARDED', forwarded: { messageId, type, to, caseId } };
  }
}
