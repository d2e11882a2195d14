import type {
  AmendRequest,
  ControlDecision,
  Invalidation,
  Presentation,
  QueryAnswer,
  Reroute,
} from '../../contracts/declaration';
import { SEVERITY } from '../channels';
import { isFinal, type DeclarationCase } from './case';

/*
 * Why the declaration process refuses a command now, or undefined when it takes it: one pure
 * function per update, run by the update's validator (a refusal never reaches history; the API
 * answers it with 409). Payloads were parsed at the API: these look only at the case.
 */

const otherOffice = (office: string, c: DeclarationCase) =>
  office !== c.view.office ? `office ${office} does not handle this case (${c.view.office})` : undefined;

export function controlResultRefusal(c: DeclarationCase, cmd: ControlDecision): string | undefined {
  if (c.view.state !== 'UNDER_CONTROL') return `no control is pending: the case is ${c.view.state}`;
  if (c.control) return 'a control result was already recorded';
  return otherOffice(cmd.office, c);
}

export function rerouteRefusal(c: DeclarationCase, r: Reroute): string | undefined {
  const open =
    (c.view.state === 'RISK_ASSESSED' && c.standByOpen) ||
    c.view.state === 'UNDER_CONTROL' ||
    c.view.state === 'QUERIED';
  if (!open)
    return `the case cannot be re-routed in state ${c.view.state}${c.view.state === 'RISK_ASSESSED' ? ' (no stand-by window open)' : ''}`;
  if (c.pendingReroute || c.control) return 'a re-routing or control result is already being processed';
  const office = otherOffice(r.office, c);
  if (office) return office;
  if (r.channel === c.view.channel) return `the case is already in channel ${r.channel}`;
  if (c.view.channel && SEVERITY[r.channel] < SEVERITY[c.view.channel] && r.role !== 'supervisor')
    return `lowering channel ${c.view.channel} to ${r.channel} takes a supervisor`;
  return undefined;
}

export function presentationRefusal(c: DeclarationCase, p: Presentation): string | undefined {
  if (c.view.state !== 'AWAITING_PRESENTATION' || c.presented)
    return `no presentation is awaited: the case is ${c.view.state}`;
  return otherOffice(p.office, c);
}

export function amendmentRefusal(c: DeclarationCase, a: AmendRequest): string | undefined {
  if (isFinal(c)) return `a declaration cannot be amended once ${c.view.state}`;
  if (Object.keys(a.amendment.changes).length === 0) return 'an amendment must change at least one field';
  if (a.basedOn !== undefined && a.basedOn !== c.view.amendments)
    return 'the declaration was amended in the meantime: send the amendment again';
  return undefined;
}

export function invalidationRefusal(c: DeclarationCase, i: Invalidation): string | undefined {
  if (c.invalidation) return 'the declaration is already being invalidated';
  if (i.by === 'declarant' && isFinal(c))
    return `the declarant cannot invalidate a declaration once ${c.view.state}; after release only customs can`;
  if (i.by === 'customs' && c.view.state !== 'RELEASED')
    return `customs invalidate only after release; the case is ${c.view.state}`;
  return undefined;
}

export function queryAnswerRefusal(c: DeclarationCase, _a: QueryAnswer): string | undefined {
  return c.view.state !== 'QUERIED' || c.answer ? `no query is open: the case is ${c.view.state}` : undefined;
}
