import type { Pool } from 'pg';
import { ACK, REJECTION, type AnswerBody, type ExchangeEnvelope } from '../../domain/exchange/envelope';
import { JOSE_MEDIA_TYPE, signEnvelope, verifyMessage } from '../exchange/jws';
import type { ExchangeTrust } from '../exchange/trust';
import { logExchange } from '../exchange/log';
import { exchangeTypeOf } from '../../domain/exchange/message-types';
import { correlationOf } from '../../domain/exchange/correlation';
import type { DeliveryOutcome, OutgoingMessage, Sender } from './senders';

export interface PartnerSenderDeps {
  pool: Pool;
  trust: ExchangeTrust;
  /** One attempt's limit; past it the attempt is a retryable failure. */
  timeoutMs?: number;
  now?: () => Date;
}

/**
 * The partner administration an outbox destination goes to: `partner:<CC>`, or `office:<code>` of
 * another administration (its country; the office goes into the body).
 */
export function partnerOf(destination: string): { cc: string; office?: string } | undefined {
  const partner = /^partner:([A-Z]{2})$/.exec(destination);
  if (partner) return { cc: partner[1]! };
  const office = /^office:(([A-Z]{2})[A-Z0-9]{6})$/.exec(destination);
  return office ? { cc: office[2]!, office: office[1]! } : undefined;
}

/**
 * The envelope of an outbox row for a partner (docs/exchange.md, "Sending"): the correlation is the
 * MRN in the case id, or the alert id of an alert's case. The sending administration is
 * `payload.sender` when the producer names it (a crossing reported by a country of transit about
 * another's movement); else, for an alert's message, `payload.country` (the raiser of an alert, the
 * controlling administration of a result); else the country in the MRN (the departure side). The
 * body is the rest of the payload, with the office a row for `office:<code>` was addressed to; the
 * type is the exchange's (message-types.ts).
 */
export function envelopeFor(m: OutgoingMessage, receiver: string, time: Date): ExchangeEnvelope | string {
  const { sender: named, ...payload } = m.payload;
  const correlation = correlationOf(m.caseId);
  if (!correlation) return `case ${m.caseId} names no MRN or alert to correlate the message with`;
  const implied = correlation.kind === 'alert' ? payload.country : correlation.value.slice(2, 4);
  const sender = typeof named === 'string' ? named : implied;
  if (typeof sender !== 'string') return `message ${m.messageId} names no sending administration`;
  const office = partnerOf(m.destination)?.office;
  const body = office ? { ...payload, office } : payload;
  return {
    sender,
    receiver,
    type: exchangeTypeOf(m.type),
    messageId: m.messageId,
    correlation: correlation.value,
    time: time.toISOString(),
    body,
  };
}

/**
 * The `Sender` for partner administrations (activities/outbox/senders.ts): signs the message as its
 * sending administration, POSTs the JWS to the partner's endpoint from the directory, and verifies
 * the signed answer (the partner's key, addressed to us, in reply to this message). A verified
 * acknowledgement is delivered; a verified functional rejection is permanent, with its code and
 * reason; the network, a timeout, a 5xx or 429, or an answer that does not verify is retryable.
 * The message and its answer go to the exchange log once, however many attempts it took.
 */
export function createPartnerSender(deps: PartnerSenderDeps): Sender {
  const now = deps.now ?? (() => new Date());
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const permanent = (reason: string): DeliveryOutcome => ({ ok: false, permanent: true, reason });
  const retry = (reason: string): DeliveryOutcome => ({ ok: false, permanent: false, reason });

  return async (m) => {
    const cc = partnerOf(m.destination)?.cc;
    if (!cc) return permanent(`${m.destination} is not a partner administration`);
    const partner = deps.trust.directory.get(cc);
    if (!partner) return permanent(`no partner ${cc} in the directory`);
    const type = exchangeTypeOf(m.type);
    if (!partner.takes.includes(type)) return permanent(`${cc} does not take ${type} (partner directory)`);
    const at = now();
    const envelope = envelopeFor(m, cc, at);
    if (typeof envelope === 'string') return permanent(envelope);
    if (!deps.trust.served.includes(envelope.sender))
      return permanent(`this node does not sign for ${envelope.sender}`);
    const key = deps.trust.keys.current(envelope.sender, at);
    if (!key) return permanent(`no signing key valid now for ${envelope.sender}`);
    const jws = await signEnvelope(envelope, key);

    let res: Response;
    let text: string;
    try {
      res = await fetch(partner.endpoint, {
        method: 'POST',
        headers: { 'content-type': JOSE_MEDIA_TYPE, accept: JOSE_MEDIA_TYPE },
        body: jws,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const e = err as Error;
      return retry(e.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : `network: ${e.message}`);
    }
    if (res.status >= 500 || res.status === 429) return retry(`${cc} answered HTTP ${res.status}`);

    const v = await verifyMessage(text.trim(), {
      directory: deps.trust.directory,
      served: [envelope.sender],
      now: now(),
      // A repeat is answered with the first answer, signed then: its age says nothing.
      windowMs: Number.POSITIVE_INFINITY,
    });
    const answer = v.ok ? (v.envelope.body as unknown as AnswerBody) : undefined;
    if (
      !v.ok ||
      v.envelope.sender !== cc ||
      ![ACK, REJECTION].includes(v.envelope.type) ||
      answer?.inReplyTo !== m.messageId
    ) {
      const why = v.ok ? 'not an answer from the partner to this message' : v.refusal.text;
      return res.ok
        ? retry(`${cc}'s answer does not verify: ${why}`)
        : permanent(`${cc} refused with HTTP ${res.status}, unsigned: ${why}`);
    }
    try {
      await logExchange(deps.pool, {
        partner: cc,
        direction: 'sent',
        messageId: m.messageId,
        type,
        messageJws: jws,
        answerJws: text.trim(),
      });
    } catch (err) {
      // Delivered, but not logged: the next attempt gets the same answer and logs it then.
      return retry(`exchange log: ${(err as Error).message}`);
    }
    if (answer.status === 'APPLIED') return { ok: true, receipt: answer.state ?? 'APPLIED' };
    return permanent(`${answer.code ?? 'REFUSED'}: ${answer.reason ?? 'refused'}`);
  };
}
