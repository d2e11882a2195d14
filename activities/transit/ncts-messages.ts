import type { Pool } from 'pg';
import type { OutboxMessage } from '../../contracts/projection';
import type { TransitView } from '../../contracts/transit';
import { messagesOf } from '../../domain/ncts/outbound';
import type { TransitDeclaration } from '../../domain/schemas/transit';
import { enqueueOutbox } from '../outbox';

/** What the movement's process hands over after a step that produced NCTS messages. */
export interface NctsMessagesRequest {
  caseId: string;
  /** The clearance system that lodged the movement (`sub`): its webhook gets the messages. */
  owner: string;
  view: TransitView;
  declaration: TransitDeclaration;
}

/**
 * The movement's outbound NCTS messages (the ones `GET /v1/transits/{mrn}/messages` lists) as outbox
 * rows for the owning clearance system's webhook, XML in the payload. The row id is the message's
 * own deterministic identification under the case, so a message already queued is not queued again
 * however often the movement publishes.
 */
export function nctsOutboxEntries(r: NctsMessagesRequest): OutboxMessage[] {
  return messagesOf({ view: r.view, declaration: r.declaration }).map((m) => ({
    messageId: `${r.caseId}/ncts/${m.messageId}`,
    caseId: r.caseId,
    destination: `clearance-system:${r.owner}`,
    type: m.type,
    payload: {
      mrn: r.view.mrn,
      messageId: m.messageId,
      at: m.at,
      contentType: 'application/xml',
      xml: m.xml,
    },
  }));
}

export function enqueueNctsMessages(pool: Pool, r: NctsMessagesRequest): Promise<number> {
  return enqueueOutbox(pool, nctsOutboxEntries(r));
}
