/**
 * The seam between the outbox and the ways out of a node: one sender per destination kind (a
 * partner administration's signed endpoint, a subscriber's webhook, an office's or supervisor's
 * mailbox). A sender makes one attempt for one message and says how it went; retries, back-off and
 * the dead-letter state belong to the outbox, so every kind gets the same ones.
 */
export interface OutgoingMessage {
  messageId: string;
  caseId: string;
  /** `clearance-system:<sub>`, `office:<code>`, `holder:<tin>`, `supervisor:<office>`, `partner:<cc>`. */
  destination: string;
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  /** Attempts made before this one. */
  attempts: number;
}

/** A refusal the receiver will repeat (a functional rejection, no such subscriber) is permanent. */
export type DeliveryOutcome =
  { ok: true; receipt?: string } | { ok: false; permanent: boolean; reason: string };

/** One attempt; a refused delivery is an outcome, not an exception. */
export type Sender = (message: OutgoingMessage) => Promise<DeliveryOutcome>;
