import type { DeclarationView } from '../../../contracts';
import type { TimelineEvent } from '../../../contracts/timeline';
import type { Role } from '../auth/tokens';

/**
 * Who reads a declaration: the trader whose clearance system lodged it, or customs (officers,
 * supervisors, administrators). The workflow keeps one view; the API shapes it per audience, so the
 * risk engine's internals and intelligence never reach the party they are about.
 */
export type Audience = 'trader' | 'customs';

export const audienceOf = (role: Role): Audience => (role === 'clearance-system' ? 'trader' : 'customs');

/**
 * What a trader is shown: its declaration, the channel, controls, queries, duties, payments and the
 * export's exit. Not
 * the risk view (score, rule hits, seed, draw, engine channel, explanation), the channel's reasons,
 * intelligence hits, or whether an audit was requested (an intelligence hit after release sets it).
 * A list of what is shown, not of what is hidden: a field added to the view stays with customs
 * until it is added here.
 */
const TRADER_FIELDS = [
  'caseId',
  'kind',
  'mrn',
  'lrn',
  'declarant',
  'lodgedBy',
  'office',
  'country',
  'type',
  'state',
  'channel',
  'control',
  'query',
  'duties',
  'payment',
  'paymentsReceived',
  'exit',
  'amendments',
  'stuck',
  'stuckSince',
  'pending',
  'payloadHash',
  'declaration',
  'timeline',
] as const satisfies readonly (keyof DeclarationView)[];

export type TraderDeclarationView = Pick<DeclarationView, (typeof TRADER_FIELDS)[number]>;

/** Timeline entries that carry customs' reasoning: intelligence, and re-routing with its reasons. */
const CUSTOMS_EVENTS: ReadonlySet<string> = new Set(['intelligence-hit', 'reroute-requested', 'rerouted']);

/** The trader's timeline: customs' reasoning left out, and the risk decision says only its channel. */
function traderTimeline(timeline: readonly TimelineEvent[]): TimelineEvent[] {
  return timeline
    .filter((e) => !CUSTOMS_EVENTS.has(e.type))
    .map((e) =>
      // The workflow writes the score and "randomly selected" into this reason.
      e.type === 'state' && e.state === 'RISK_ASSESSED'
        ? { ...e, reason: e.data?.channel ? `channel ${String(e.data.channel)}` : 'risk assessed' }
        : e,
    );
}

export function declarationViewFor(
  audience: Audience,
  view: DeclarationView,
): DeclarationView | TraderDeclarationView {
  if (audience === 'customs') return view;
  const shown: Partial<Record<keyof DeclarationView, unknown>> = {};
  for (const k of TRADER_FIELDS) if (view[k] !== undefined) shown[k] = view[k];
  return { ...(shown as TraderDeclarationView), timeline: traderTimeline(view.timeline) };
}
