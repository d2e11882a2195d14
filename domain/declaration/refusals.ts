import type {
  AmendRequest,
  ControlDecision,
  DeclarationState,
  Invalidation,
  Presentation,
  QueryAnswer,
  Reroute,
} from '../../contracts/declaration';
import { FINAL_DECLARATION_STATES } from '../../contracts/declaration';
import { SEVERITY, type Channel } from '../channels';

/**
 * Why the declaration process refuses a command now, or undefined when it takes it: one pure
 * function per update, run by the update's validator (a refusal never reaches history; the API
 * answers it with 409). Payloads were parsed at the API: these look only at the case.
 */
export interface DeclarationFacts {
  state: DeclarationState;
  office: string;
  channel?: Channel;
  /** A GREEN case is in its stand-by window (an officer may still re-route it). */
  standByOpen: boolean;
  /** A control result is recorded and not yet consumed by the process. */
  controlRecorded: boolean;
  rerouteRequested: boolean;
  presented: boolean;
  queryAnswered: boolean;
  invalidationRequested: boolean;
  amendments: number;
}

const isFinal = (f: DeclarationFacts) => FINAL_DECLARATION_STATES.includes(f.state);
const otherOffice = (office: string, f: DeclarationFacts) =>
  office !== f.office ? `office ${office} does not handle this case (${f.office})` : undefined;

export function controlResultRefusal(f: DeclarationFacts, c: ControlDecision): string | undefined {
  if (f.state !== 'UNDER_CONTROL') return `no control is pending: the case is ${f.state}`;
  if (f.controlRecorded) return 'a control result was already recorded';
  return otherOffice(c.office, f);
}

export function rerouteRefusal(f: DeclarationFacts, r: Reroute): string | undefined {
  const open =
    (f.state === 'RISK_ASSESSED' && f.standByOpen) || f.state === 'UNDER_CONTROL' || f.state === 'QUERIED';
  if (!open)
    return `the case cannot be re-routed in state ${f.state}${f.state === 'RISK_ASSESSED' ? ' (no stand-by window open)' : ''}`;
  if (f.rerouteRequested || f.controlRecorded)
    return 'a re-routing or control result is already being processed';
  const office = otherOffice(r.office, f);
  if (office) return office;
  if (r.channel === f.channel) return `the case is already in channel ${r.channel}`;
  if (f.channel && SEVERITY[r.channel] < SEVERITY[f.channel] && r.role !== 'supervisor')
    return `lowering channel ${f.channel} to ${r.channel} takes a supervisor`;
  return undefined;
}

export function presentationRefusal(f: DeclarationFacts, p: Presentation): string | undefined {
  if (f.state !== 'AWAITING_PRESENTATION' || f.presented)
    return `no presentation is awaited: the case is ${f.state}`;
  return otherOffice(p.office, f);
}

export function amendmentRefusal(f: DeclarationFacts, a: AmendRequest): string | undefined {
  if (isFinal(f)) return `a declaration cannot be amended once ${f.state}`;
  if (Object.keys(a.amendment.changes).length === 0) return 'an amendment must change at least one field';
  if (a.basedOn !== undefined && a.basedOn !== f.amendments)
    return 'the declaration was amended in the meantime: send the amendment again';
  return undefined;
}

export function invalidationRefusal(f: DeclarationFacts, i: Invalidation): string | undefined {
  if (f.invalidationRequested) return 'the declaration is already being invalidated';
  if (i.by === 'declarant' && isFinal(f))
    return `the declarant cannot invalidate a declaration once ${f.state}; after release only customs can`;
  if (i.by === 'customs' && f.state !== 'RELEASED')
    return `customs invalidate only after release; the case is ${f.state}`;
  return undefined;
}

export function queryAnswerRefusal(f: DeclarationFacts, _a: QueryAnswer): string | undefined {
  return f.state !== 'QUERIED' || f.queryAnswered ? `no query is open: the case is ${f.state}` : undefined;
}
