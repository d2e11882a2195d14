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
import { payloadHash } from '../declarations/identity';
import { CONFIG, PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';
import type { ExchangeOutcome } from './dto';
import type { Recorded } from './exchange.service';

/** A message from the departure administration about its movement: the body names our office. */
export const ArrivalSideMessage = z.strictObject({
  messageId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9._:/-]+$/, { error: 'message id: 1-200 characters of A-Z a-z 0-9 . _ : / -' }),
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
    const hash = payloadHash(m);
    const inserted = await this.pool.query(
      `INSERT INTO inbox (message_id, source, case_id, type, payload, payload_hash) VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (source, message_id) DO NOTHING`,
      [m.messageId, source, caseId, m.type, JSON.stringify(m), hash],
    );
    if (!inserted.rowCount) {
      const { rows } = await this.pool.query<{ payload_hash: string; outcome: ExchangeOutcome | null }>(
        'SELECT payload_hash, outcome FROM inbox WHERE source = $1 AND message_id = $2',
        [source, m.messageId],
      );
      if (rows[0] && rows[0].payload_hash !== hash) return { kind: 'other-content' };
      if (rows[0]?.outcome) return { kind: 'outcome', outcome: { ...rows[0].outcome, duplicate: true } };
    }
    const state = m.type === 'IE050' ? 'RECORDED' : await this.signal(m, e);
    const outcome: ExchangeOutcome = {
      messageId: m.messageId,
      caseId,
      status: 'APPLIED',
      duplicate: false,
      state,
    };
    await this.pool.query(
      `UPDATE inbox SET status = 'APPLIED', outcome = $3, applied_at = now() WHERE source = $1 AND message_id = $2`,
      [source, m.messageId, JSON.stringify(outcome)],
    );
    return { kind: 'outcome', outcome };
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
