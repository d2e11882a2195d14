import crypto from 'node:crypto';
import { Context, getClient } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { exchangeMessage, type ArrivalRecordInput, type ExchangeMessage } from '../../contracts/arrival';

/**
 * The exchange inbox and the receiving office's side of a movement.
 *
 * When the departure side's process has something for the office of destination (the anticipated
 * arrival record at release, unloading permission, the enquiry, the write-off), it goes to the outbox
 * for the partner's own system and, through `deliverToReceivingOffice`, to the inbox and the office of
 * destination's process (`arrival/<MRN>`), started by signal-with-start on the first message. The
 * inbox row (keyed by sender and message id) makes a retried activity apply nothing twice.
 */
export interface ReceivingOfficeMessage extends ExchangeMessage {
  mrn: string;
  officeOfDestination: string;
  movementCaseId: string;
}

export const arrivalCaseId = (mrn: string) => `arrival/${mrn}`;

/** The signal-with-start alone, no database (the workflow tests use it with a test server). */
export function createReceivingOfficeGateway(client?: Client) {
  return {
    async signalReceivingOffice(m: ReceivingOfficeMessage): Promise<'signalled' | 'closed'> {
      const c = client ?? getClient();
      const input: ArrivalRecordInput = {
        mrn: m.mrn,
        officeOfDestination: m.officeOfDestination,
        movementCaseId: m.movementCaseId,
      };
      const message: ExchangeMessage = {
        messageId: m.messageId,
        type: m.type,
        from: m.from,
        sentAt: m.sentAt,
        payload: m.payload,
      };
      try {
        await c.workflow.signalWithStart('arrivalRecordWorkflow', {
          workflowId: arrivalCaseId(m.mrn),
          // The receiving side runs on the same task queue as the departure side's worker.
          taskQueue: Context.current().info.taskQueue,
          args: [input],
          signal: exchangeMessage,
          signalArgs: [message],
          // A closed arrival record must not be started again by a late or repeated message.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
        return 'signalled';
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'closed';
        throw err;
      }
    },
  };
}

export const payloadHash = (payload: unknown): string =>
  crypto.createHash('sha256').update(JSON.stringify(payload)).digest('hex');

export interface ExchangeActivityDeps {
  pool: Pool;
  client?: Client;
  /** The administrations this node serves; unset, all of them (the all-in-one deployment). */
  served?: ReadonlySet<string>;
}

export function createExchangeActivities(deps: ExchangeActivityDeps) {
  const gateway = createReceivingOfficeGateway(deps.client);
  return {
    /**
     * Stores each message in the inbox (once) and signals the office of destination's process, unless
     * the inbox already shows it applied. Returns how many were applied by this call. An office of an
     * administration this node does not serve lives on that administration's node: the movement's
     * outbox row for `office:<code>` (written just before) goes there signed (the partner sender),
     * so nothing is applied here and the workflow's history stays what it was.
     */
    async deliverToReceivingOffice(messages: ReceivingOfficeMessage[]): Promise<number> {
      let applied = 0;
      for (const m of messages) {
        if (deps.served && !deps.served.has(m.officeOfDestination.slice(0, 2))) continue;
        // One round trip: the no-op update on conflict makes RETURNING give the stored row's status.
        const { rows } = await deps.pool.query<{ status: string }>(
          `INSERT INTO inbox (message_id, source, case_id, type, payload, payload_hash) VALUES ($1,$2,$3,$4,$5,$6)
           ON CONFLICT (source, message_id) DO UPDATE SET message_id = inbox.message_id RETURNING status`,
          [
            m.messageId,
            m.from,
            arrivalCaseId(m.mrn),
            m.type,
            JSON.stringify(m.payload),
            payloadHash(m.payload),
          ],
        );
        if (rows[0]?.status === 'APPLIED') continue;
        const delivery = await gateway.signalReceivingOffice(m);
        await deps.pool.query(
          `UPDATE inbox SET status = 'APPLIED', outcome = $3, applied_at = now() WHERE source = $1 AND message_id = $2`,
          [m.from, m.messageId, JSON.stringify({ delivery })],
        );
        applied++;
      }
      return applied;
    },
  };
}
