import type { AuditView } from '../../../contracts/audit';
import type { TimelineEvent } from '../../../contracts/timeline';

/**
 * What the audited trader's clearance system is shown of an audit: the requests, visit, findings,
 * recomputation, reports, appeal and payment. Not why or by what it was selected (`source`,
 * `reason`, `requestedBy`: a BLUE channel, an intelligence hit, the random sample), nor customs'
 * internal handling (stuck marks, escalations, reassignment). A list of what is shown, as for
 * declarations (apps/api/declarations/audience.ts): a field added to the view stays with customs
 * until it is added here.
 */
const TRADER_FIELDS = [
  'caseId',
  'kind',
  'auditId',
  'auditKind',
  'state',
  'country',
  'office',
  'owner',
  'declarant',
  'currency',
  'auditor',
  'declarations',
  'documentRequests',
  'visit',
  'findings',
  'assessment',
  'draft',
  'final',
  'appeal',
  'payment',
  'outcome',
  'closedAt',
  'pending',
  'timeline',
] as const satisfies readonly (keyof AuditView)[];

export type TraderAuditView = Pick<AuditView, (typeof TRADER_FIELDS)[number]>;

/**
 * Timeline entries about customs' handling (domain/audit/lifecycle.ts), not the trader's business; a
 * deadline a supervisor extends stays, since the trader works to it.
 */
const CUSTOMS_EVENTS: ReadonlySet<string> = new Set(['sla-breach', 'escalated', 'reassigned']);

/** The trader's timeline: customs' handling left out, and the opening says nothing of the selection. */
function traderTimeline(timeline: readonly TimelineEvent[]): TimelineEvent[] {
  return timeline
    .filter((e) => !CUSTOMS_EVENTS.has(e.type))
    .map((e) =>
      e.type === 'state' && e.state === 'OPENED'
        ? { ...e, reason: 'post-entry audit opened', data: undefined }
        : e,
    );
}

export function auditViewFor(trader: boolean, view: AuditView): AuditView | TraderAuditView {
  if (!trader) return view;
  const shown: Partial<Record<keyof AuditView, unknown>> = {};
  for (const k of TRADER_FIELDS) if (view[k] !== undefined) shown[k] = view[k];
  return { ...(shown as TraderAuditView), timeline: traderTimeline(view.timeline) };
}
