import type { Context } from '@temporalio/activity';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptors,
  Next,
} from '@temporalio/worker';
import { FINAL_DECLARATION_STATES } from '../../../contracts/declaration';
import type { CaseProjection, OutboxMessage } from '../../../contracts/projection';
import { FINAL_STATES as FINAL_TRANSIT_STATES } from '../../../domain/transit/rules';
import type { Pino } from './logger';
import type { Metrics } from './metrics';
import { requestIdOf, runWithRequestId } from './request-id';

const END_STATES: Record<string, ReadonlySet<string>> = {
  declaration: new Set(FINAL_DECLARATION_STATES),
  transit: new Set(FINAL_TRANSIT_STATES),
  guarantee: new Set(['EXPIRED', 'REVOKED']),
  arrival: new Set(['WRITTEN_OFF']),
};

/**
 * The worker's activity interceptor: every activity attempt logs on a child of the worker's logger
 * carrying the request id its workflow was given (workflows/interceptors.ts), the workflow and the
 * activity, and the SDK's activity context logger gets the same fields. A failed attempt counts in
 * `clearway_activity_failures_total`. The projection and exchange activities are where case events
 * and partner messages become facts, so their inputs are counted here once they succeeded; a
 * retried write that had already succeeded counts again, which the counters tolerate (rare, and
 * never a missed event).
 */
export function observabilityInterceptor(log: Pino, metrics: Metrics) {
  return (ctx: Context): ActivityInterceptors => {
    const info = ctx.info;
    let requestId: string | undefined;
    const fields = () => ({
      workflowId: info.workflowExecution?.workflowId,
      activity: info.activityType,
      attempt: info.attempt,
    });
    return {
      inbound: {
        execute(input, next) {
          requestId = requestIdOf(input.headers);
          // The request id is the context's (logger.ts mixin): every line of the attempt has it.
          return requestId ? runWithRequestId(requestId, () => attempt(input, next)) : attempt(input, next);
        },
      },
      outbound: {
        getLogAttributes: (attrs, next) => next({ ...attrs, ...(requestId ? { requestId } : {}) }),
      },
    };

    async function attempt(
      input: ActivityExecuteInput,
      next: Next<ActivityInboundCallsInterceptor, 'execute'>,
    ) {
      const line = log.child(fields());
      const started = Date.now();
      line.debug('activity started');
      try {
        const result = await next(input);
        line.debug({ durationMs: Date.now() - started }, 'activity completed');
        countSuccess(metrics, info.activityType, input.args, result);
        return result;
      } catch (err) {
        const e = err as Error;
        metrics.activityFailures.inc({ activity: info.activityType, error: e?.name ?? 'Error' });
        countFailure(metrics, info.activityType, input.args);
        line.warn({ durationMs: Date.now() - started, err: e }, 'activity failed');
        throw err;
      }
    }
  };
}

function countSuccess(metrics: Metrics, activity: string, args: unknown[], result: unknown) {
  if (activity === 'projectCase' || activity === 'publishCase') {
    const p = args[0] as Partial<CaseProjection>;
    if (Array.isArray(p.events)) countProjection(metrics, p as CaseProjection);
    if (activity === 'publishCase') countPartnerMessages(metrics, args[1], 'queued');
  } else if (activity === 'enqueueExchangeMessages') countPartnerMessages(metrics, args[0], 'queued');
  else if (activity === 'deliverToReceivingOffice') countInbound(metrics, args[0], 'applied', result);
}

function countFailure(metrics: Metrics, activity: string, args: unknown[]) {
  if (activity === 'enqueueExchangeMessages') countPartnerMessages(metrics, args[0], 'failed');
  else if (activity === 'deliverToReceivingOffice') countInbound(metrics, args[0], 'failed');
}

function countProjection(metrics: Metrics, p: CaseProjection) {
  const office = p.office ?? 'none';
  for (const e of p.events) {
    if (e.seq === 1) metrics.casesStarted.inc({ kind: p.kind });
    if (e.type === 'sla-breach') metrics.slaBreaches.inc({ kind: p.kind, office });
    if (e.type !== 'state' || !e.state) continue;
    if (e.state === 'RISK_ASSESSED' && p.channel) metrics.channels.inc({ kind: p.kind, channel: p.channel });
    if (END_STATES[p.kind]?.has(e.state)) metrics.casesEnded.inc({ kind: p.kind, state: e.state });
  }
}

function countPartnerMessages(metrics: Metrics, messages: unknown, outcome: string) {
  if (!Array.isArray(messages)) return;
  for (const m of messages as OutboxMessage[]) {
    const [to, partner] = (m.destination ?? '').split(':');
    if (to === 'partner') metrics.exchangeMessages.inc({ partner, direction: 'out', outcome });
  }
}

function countInbound(metrics: Metrics, messages: unknown, outcome: string, applied?: unknown) {
  if (!Array.isArray(messages)) return;
  // `applied` is how many were new, the rest duplicates the inbox held (one call, one sender).
  let fresh = typeof applied === 'number' ? applied : messages.length;
  for (const m of messages as { from?: string }[]) {
    const partner = m.from ?? 'unknown';
    metrics.exchangeMessages.inc({ partner, direction: 'in', outcome: fresh-- > 0 ? outcome : 'duplicate' });
  }
}
