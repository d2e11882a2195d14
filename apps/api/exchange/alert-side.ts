import { Inject, Injectable } from '@nestjs/common';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { Config } from '../../../config/env';
import { startAlert } from '../../../activities/alert/start';
import {
  alertView,
  alertWorkflowId,
  recordAlertMatch,
  recordAlertResult,
  type AlertInput,
  type AlertView,
} from '../../../contracts/alert';
import { alertEntitlementRefusal } from '../../../domain/exchange/alert-entitlement';
import type { ExchangeEnvelope, Refusal } from '../../../domain/exchange/envelope';
import { isAlertSideType } from '../../../domain/exchange/message-types';
import { AlertSubjectSchema } from '../../../domain/schemas/alert';
import { MrnSchema } from '../../../domain/schemas/audit';
import { CountryCode, IsoDateTime, Text } from '../../../domain/schemas/common';
import { RESULT_GRACE_MS } from '../alerts/raising';
import { CONFIG, PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';
import { MessageId, type ExchangeOutcome } from './dto';
import { claimInbox, settleInbox, type Recorded } from './inbox';

const AlertId = z.string().regex(/^[A-Z]{2}-L[0-9A-Z]{16}$/, 'an alert id: country, -L, 16 characters');

/** The alert as its raiser's outbox row carries it (domain/alert/commands.ts, applyMatches). */
const AlertBody = z.looseObject({
  alertId: AlertId,
  country: CountryCode,
  subject: AlertSubjectSchema,
  severity: z.enum(['LOW', 'MEDIUM', 'HIGH']),
  reason: Text(512, { lines: true }).min(3),
  validUntil: IsoDateTime,
});
/** A match's control result as the controlling administration's outbox row carries it. */
const ResultBody = z.looseObject({
  alertId: AlertId,
  mrn: MrnSchema,
  found: z.boolean(),
  what: Text(512, { lines: true }).optional(),
  actor: z.string().min(1).max(200),
  country: CountryCode,
});

export const AlertSideMessage = z.discriminatedUnion('type', [
  z.strictObject({ messageId: MessageId, alertId: AlertId, type: z.literal('ALERT'), body: AlertBody }),
  z.strictObject({
    messageId: MessageId,
    alertId: AlertId,
    type: z.literal('ALERTRESULT'),
    body: ResultBody,
  }),
]);
export type AlertSideMessage = z.infer<typeof AlertSideMessage>;

/**
 * Intelligence alerts through the signed door (docs/alerts.md, "Between nodes"). An ALERT from its
 * raiser starts the same process here, `alert/<id>`, raised by that partner administration: it
 * finds this node's open cases and checks its lodgements. An ALERTRESULT from the administration
 * that controlled a match goes to the raiser's alert here: the match is recorded (this node never
 * saw the partner's case) and then its result, each an update the alert validates.
 */
@Injectable()
export class AlertSide {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  takes = isAlertSideType;

  /** The fields the door parses: the correlation is the alert id. */
  static fields(e: ExchangeEnvelope) {
    return { messageId: e.messageId, alertId: e.correlation, type: e.type, body: e.body };
  }

  /** Who may send it (domain/exchange/alert-entitlement.ts); a result needs the raiser's alert here. */
  async entitlement(e: ExchangeEnvelope, m: AlertSideMessage): Promise<Refusal | undefined> {
    const raised = m.type === 'ALERTRESULT' ? await this.view(m.alertId) : undefined;
    return alertEntitlementRefusal(e.sender, e.receiver, m, raised);
  }

  async record(m: AlertSideMessage, e: ExchangeEnvelope, source: string): Promise<Recorded> {
    const caseId = alertWorkflowId(m.alertId);
    const claim = await claimInbox(this.pool, {
      messageId: m.messageId,
      source,
      caseId,
      type: m.type,
      payload: m,
    });
    if (claim.kind !== 'apply') return claim;
    const applied = m.type === 'ALERT' ? await this.raise(m, e) : await this.result(m, e, source);
    const outcome: ExchangeOutcome = {
      messageId: m.messageId,
      caseId,
      duplicate: false,
      ...(typeof applied === 'string'
        ? { status: 'APPLIED', state: applied }
        : { status: 'REFUSED', reason: applied.reason }),
    };
    return settleInbox(this.pool, source, outcome);
  }

  /** The partner's alert, raised here by it: started once; a repeat finds it running. */
  private async raise(
    m: Extract<AlertSideMessage, { type: 'ALERT' }>,
    e: ExchangeEnvelope,
  ): Promise<string | { reason: string }> {
    if (Date.parse(m.body.validUntil) <= Date.now())
      return { reason: `alert ${m.alertId} expired at ${m.body.validUntil}` };
    const input: AlertInput = {
      alertId: m.alertId,
      country: e.sender,
      actor: `partner:${e.sender}`,
      raisedByRole: 'partner',
      subject: m.body.subject,
      severity: m.body.severity,
      reason: m.body.reason,
      raisedAt: e.time,
      validUntil: new Date(m.body.validUntil).toISOString(),
      recipients: [e.receiver],
      settings: { resultGraceMs: RESULT_GRACE_MS },
    };
    // A fresh alert starts ACTIVE. Querying it here waited for its first workflow task, and the
    // answer (and this node's log of the receipt) came after what the partner did meanwhile.
    if ((await startAlert(this.client, this.config.TEMPORAL_TASK_QUEUE, input)) === 'started')
      return 'ACTIVE';
    return (await this.view(m.alertId))?.state ?? 'ACTIVE';
  }

  /**
   * A partner's control result: its case is the partner's, so the match is recorded first as
   * `partner:<CC>/<MRN>` (refused once the alert expired), then the result; each update is applied
   * once per message (its update id), so a redelivery after a half-way stop is harmless.
   */
  private async result(
    m: Extract<AlertSideMessage, { type: 'ALERTRESULT' }>,
    e: ExchangeEnvelope,
    source: string,
  ): Promise<string | { reason: string }> {
    const handle = this.client.workflow.getHandle(alertWorkflowId(m.alertId));
    const known = (await this.view(m.alertId))?.matches.find((x) => x.mrn === m.body.mrn);
    const caseId = known?.caseId ?? `partner:${e.sender}/${m.body.mrn}`;
    try {
      if (!known) {
        const u = await handle.startUpdate(recordAlertMatch, {
          args: [{ caseId, kind: 'declaration', mrn: m.body.mrn, country: e.sender, route: [e.sender] }],
          updateId: `${source}/${m.messageId}/match`,
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
        await u.result();
      }
      const u = await handle.startUpdate(recordAlertResult, {
        args: [
          {
            caseId,
            found: m.body.found,
            ...(m.body.what ? { what: m.body.what } : {}),
            actor: `${e.sender}:${m.body.actor}`,
            country: e.sender,
          },
        ],
        updateId: `${source}/${m.messageId}/result`,
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      return (await u.result()).state;
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError)
        return { reason: (err.cause as Error | undefined)?.message ?? err.message };
      if (err instanceof WorkflowNotFoundError || /already completed/i.test((err as Error).message))
        return { reason: `alert ${m.alertId} is closed` };
      throw err;
    }
  }

  private async view(alertId: string): Promise<AlertView | undefined> {
    try {
      return await this.client.workflow.getHandle(alertWorkflowId(alertId)).query(alertView);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }
}
