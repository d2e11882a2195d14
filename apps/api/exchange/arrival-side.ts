import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Config } from '../../../config/env';
import { exchangeMessage, type ArrivalRecordInput, type ExchangeMessage } from '../../../contracts/arrival';
import type { ExchangeEnvelope, Refusal } from '../../../domain/exchange/envelope';
import {
  ARRIVAL_SIDE_TYPES,
  departureAdministration,
  isArrivalSideType,
  outboxTypeOf,
} from '../../../domain/exchange/message-types';
import { isValidMrn } from '../../../domain/mrn';
import { OfficeCode } from '../../../domain/schemas/common';
import { CONFIG, PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';
import { MessageId, type ExchangeOutcome } from './dto';
import { claimInbox, settleInbox, type Recorded } from './inbox';

/** A message from the departure administration about its movement: the body names our office. */
export const ArrivalSideMessage = z.strictObject({
  messageId: MessageId,
  mrn: z.string().refine(isValidMrn, 'not a valid MRN (18 characters with a correct check digit)'),
  type: z.enum(ARRIVAL_SIDE_TYPES),
  body: z.looseObject({ office: OfficeCode }),
});
export type ArrivalSideMessage = z.infer<typeof ArrivalSideMessage>;

/**
 * The destination side of the signed door (docs/exchange.md, "Two nodes"): what the departure node
 * tells this node's office about its movement (IE001, IE050, IE043, IE140, IE045) goes to the arrival
 * record `arrival/<MRN>` by signal-with-start, the same input and message as the all-in-one
 * deployment's `deliverToReceivingOffice`; the movement itself lives on the departure node. IE050
 * (an office of transit's record) has no process here: it is kept in the inbox and acknowledged.
 */
@Injectable()
export class ArrivalSide {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  takes = isArrivalSideType;

  /** Only the administration that holds the movement (the MRN's country) tells its destination. */
  entitlement(e: ExchangeEnvelope, m: ArrivalSideMessage): Refusal | undefined {
    const from = departureAdministration(m.mrn);
    if (e.sender !== from)
      return { code: 'NOT_ENTITLED', text: `only ${from}, the administration of departure, sends ${e.type}` };
    if (m.body.office.slice(0, 2) !== e.receiver)
      return { code: 'NOT_ENTITLED', text: `${m.body.office} is not an office of ${e.receiver}` };
    return undefined;
  }

  async record(m: ArrivalSideMessage, e: ExchangeEnvelope, source: string): Promise<Recorded> {
    const caseId = `arrival/${m.mrn}`;
    const claim = await claimInbox(this.pool, {
      messageId: m.messageId,
      source,
      caseId,
      type: m.type,
      payload: m,
    });
    if (claim.kind !== 'apply') return claim;
    const state = m.type === 'IE050' ? 'RECORDED' : await this.signal(m, e);
    const outcome: ExchangeOutcome = {
      messageId: m.messageId,
      caseId,
      status: 'APPLIED',
      duplicate: false,
      state,
    };
    return settleInbox(this.pool, source, outcome);
  }

  /** The arrival record applies a message id once; a closed record is not started again. */
  private async signal(m: ArrivalSideMessage, e: ExchangeEnvelope): Promise<string> {
    const input: ArrivalRecordInput = {
      mrn: m.mrn,
      officeOfDestination: m.body.office,
      movementCaseId: `transit/${m.mrn}`,
    };
    const message: ExchangeMessage = {
      messageId: m.messageId,
      type: outboxTypeOf(m.type),
      from: `partner:${e.sender}`,
      sentAt: e.time,
      payload: m.body,
    };
    try {
      await this.client.workflow.signalWithStart('arrivalRecordWorkflow', {
        workflowId: `arrival/${m.mrn}`,
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        signal: exchangeMessage,
        signalArgs: [message],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return 'RECEIVED';
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return 'CLOSED';
      throw err;
    }
  }
}
