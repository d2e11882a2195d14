import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { transitView, type TransitView } from '../../../contracts';
import { entitlementRefusal } from '../../../domain/exchange/entitlement';
import {
  ACK,
  CORRELATION_RE,
  REJECTION,
  type AnswerBody,
  type ExchangeEnvelope,
  type Refusal,
  type RefusalCode,
} from '../../../domain/exchange/envelope';
import { appendToLog } from '../../../activities/exchange/log';
import { inTransaction } from '../../../activities/db/transaction';
import { signEnvelope, verifyMessage } from '../../../activities/exchange/jws';
import type { ExchangeTrust } from '../../../activities/exchange/trust';
import { payloadHash } from '../declarations/identity';
import { EXCHANGE_TRUST, PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';
import { ExchangeMessageBody } from './dto';
import { ExchangeService } from './exchange.service';
import { ArrivalSide, ArrivalSideMessage } from './arrival-side';
import { AlertSide, AlertSideMessage } from './alert-side';

/** The HTTP status of each refusal; the body is the signed rejection either way. */
const STATUS: Record<RefusalCode, number> = {
  MALFORMED: 400,
  INVALID_BODY: 400,
  UNSUPPORTED_TYPE: 400,
  BAD_SIGNATURE: 401,
  UNKNOWN_KEY: 401,
  STALE: 401,
  WRONG_RECEIVER: 421,
  NOT_ENTITLED: 403,
  UNKNOWN_MOVEMENT: 404,
  REPLAYED_ID: 409,
  REFUSED_BY_CASE: 409,
};

export interface SignedAnswer {
  status: number;
  jws: string;
  /** The message had been received before: this is the answer it got then, byte for byte. */
  duplicate: boolean;
}

const code2 = (v: unknown, fallback: string) =>
  typeof v === 'string' && /^[A-Z]{2}$/.test(v) ? v : fallback;

/**
 * The signed door of `POST /v1/exchange/messages` (docs/exchange.md): a compact JWS from a partner
 * administration, checked (signature, key, receiver, freshness, type, entitlement to the movement)
 * before anything is stored, then recorded once per (sender, message id) and applied through the
 * same update as the bearer door. Every answer is signed; the first answer to a message is kept and
 * given again, byte for byte, to every repeat; the message and its answer go to the exchange log.
 */
@Injectable()
export class SignedExchange {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EXCHANGE_TRUST) private readonly trust: ExchangeTrust,
    private readonly exchange: ExchangeService,
    private readonly arrivals: ArrivalSide,
    private readonly alerts: AlertSide,
  ) {}

  async receive(jws: string): Promise<SignedAnswer> {
    const now = new Date();
    const v = await verifyMessage(jws.trim(), { ...this.trust, now });
    if (!v.ok) return this.reject(v.refusal, v.envelope ?? {}, now);
    const e = v.envelope;
    const parsed = this.parse(e);
    if ('code' in parsed) return this.reject(parsed, e, now);
    const m = parsed;
    const source = `signed:${e.sender}`;
    const stored = await this.pool.query<{ payload_hash: string; answer_jws: string | null }>(
      'SELECT payload_hash, answer_jws FROM inbox WHERE source = $1 AND message_id = $2',
      [source, m.messageId],
    );
    const prior = stored.rows[0];
    if (prior && prior.payload_hash !== payloadHash(m))
      return this.reject(
        { code: 'REPLAYED_ID', text: `message ${m.messageId} was received before with other content` },
        e,
        now,
      );
    if (prior?.answer_jws)
      return { status: this.statusOf(prior.answer_jws), jws: prior.answer_jws, duplicate: true };
    const arrivalSide = this.arrivals.takes(m.type);
    const alertSide = this.alerts.takes(m.type);
    const refusal = arrivalSide
      ? this.arrivals.entitlement(e, m as ArrivalSideMessage)
      : alertSide
        ? await this.alerts.entitlement(e, m as AlertSideMessage)
        : await this.entitlement(e);
    if (refusal) return this.reject(refusal, e, now);
    const r = arrivalSide
      ? await this.arrivals.record(m as ArrivalSideMessage, e, source)
      : alertSide
        ? await this.alerts.record(m as AlertSideMessage, e, source)
        : await this.exchange.record(m as ExchangeMessageBody, source);
    if (r.kind === 'other-content')
      return this.reject(
        { code: 'REPLAYED_ID', text: `message ${m.messageId} was received before with other content` },
        e,
        now,
      );
    if (r.kind === 'no-movement')
      return this.reject({ code: 'UNKNOWN_MOVEMENT', text: `no transit movement ${e.correlation}` }, e, now);
    const o = r.outcome;
    const body: AnswerBody =
      o.status === 'APPLIED'
        ? { inReplyTo: e.messageId, status: 'APPLIED', ...(o.state ? { state: o.state } : {}) }
        : {
            inReplyTo: e.messageId,
            status: 'REFUSED',
            code: 'REFUSED_BY_CASE',
            reason: o.reason ?? 'refused',
          };
    const answer = await this.sign(e, o.status === 'APPLIED' ? ACK : REJECTION, body, now);
    // The first answer stands: a concurrent repeat that signed its own keeps the stored one.
    const kept = await inTransaction(this.pool, async (c) => {
      const upd = await c.query<{ answer_jws: string }>(
        `UPDATE inbox SET answer_jws = COALESCE(answer_jws, $3) WHERE source = $1 AND message_id = $2 RETURNING answer_jws`,
        [source, m.messageId, answer],
      );
      const jwsKept = upd.rows[0]?.answer_jws ?? answer;
      await appendToLog(c, {
        partner: e.sender,
        direction: 'received',
        messageId: e.messageId,
        type: e.type,
        messageJws: jws.trim(),
        answerJws: jwsKept,
      });
      return jwsKept;
    });
    return {
      status: o.status === 'APPLIED' ? 200 : STATUS.REFUSED_BY_CASE,
      jws: kept,
      duplicate: o.duplicate,
    };
  }

  /**
   * The message of the envelope: a movement update (dto.ts) for the node holding the movement, a
   * departure administration's message for our office's arrival record (arrival-side.ts), or an
   * intelligence alert or its result (alert-side.ts).
   */
  private parse(e: ExchangeEnvelope): ExchangeMessageBody | ArrivalSideMessage | AlertSideMessage | Refusal {
    const fields = { messageId: e.messageId, mrn: e.correlation, type: e.type, body: e.body };
    const parsed = this.arrivals.takes(e.type)
      ? ArrivalSideMessage.safeParse(fields)
      : this.alerts.takes(e.type)
        ? AlertSideMessage.safeParse(AlertSide.fields(e))
        : ExchangeMessageBody.safeParse(fields);
    if (parsed.success) return parsed.data;
    if (parsed.error.issues.some((i) => i.path[0] === 'type'))
      return { code: 'UNSUPPORTED_TYPE', text: `this node takes no ${e.type} messages` };
    return {
      code: 'INVALID_BODY',
      text: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  }

  /** Entitlement to the movement, from its itinerary (domain/exchange/entitlement.ts). */
  private async entitlement(e: ExchangeEnvelope): Promise<Refusal | undefined> {
    let view: TransitView;
    try {
      view = await this.client.workflow.getHandle(`transit/${e.correlation}`).query(transitView);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        return { code: 'UNKNOWN_MOVEMENT', text: `no transit movement ${e.correlation}` };
      throw err;
    }
    return entitlementRefusal(e.sender, e.type, e.body, view.itinerary);
  }

  private async reject(r: Refusal, claimed: Partial<ExchangeEnvelope>, now: Date): Promise<SignedAnswer> {
    const body: AnswerBody = {
      inReplyTo: typeof claimed.messageId === 'string' ? claimed.messageId.slice(0, 200) : 'unknown',
      status: 'REFUSED',
      code: r.code,
      reason: r.text,
    };
    return { status: STATUS[r.code], jws: await this.sign(claimed, REJECTION, body, now), duplicate: false };
  }

  /** Signed by the administration the message was for (or the node's first, when it is none of them). */
  private async sign(
    to: Partial<ExchangeEnvelope>,
    type: string,
    body: AnswerBody,
    now: Date,
  ): Promise<string> {
    const from = this.trust.served.includes(to.receiver ?? '') ? to.receiver! : this.trust.served[0]!;
    const key = this.trust.keys.current(from, now);
    if (!key) throw new Error(`no signing key valid now for ${from}`);
    const correlation =
      typeof to.correlation === 'string' && CORRELATION_RE.test(to.correlation) ? to.correlation : 'NONE';
    return signEnvelope(
      {
        sender: from,
        receiver: code2(to.sender, 'ZZ'),
        type,
        messageId: `${body.inReplyTo}/answer`.replace(/[^A-Za-z0-9._:/-]/g, '_').slice(0, 200),
        correlation,
        time: now.toISOString(),
        body: { ...body },
      },
      key,
    );
  }

  /** The status a stored answer was given with: its code's, or 200 for an acknowledgement. */
  private statusOf(answer: string): number {
    const body = JSON.parse(Buffer.from(answer.split('.')[1]!, 'base64url').toString('utf8'))
      .body as AnswerBody;
    return body.status === 'APPLIED' ? 200 : STATUS[body.code ?? 'REFUSED_BY_CASE'];
  }
}
