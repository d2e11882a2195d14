import type {
  ExtendGuarantee,
  GuaranteeInput,
  GuaranteeView,
  RevokeGuarantee,
} from '../../contracts/guarantee';
import type { TimelineEvent } from '../../contracts/timeline';
import { balanceOf, newLedger, officesWithOpenMovements, type GuaranteeLedger } from './index';

/**
 * The guarantee entity's state as one value (it travels through continue-as-new, so plain JSON) and
 * its lifecycle: revocation and extension (signals), expiry warning and expiry (timers). Each `apply*`
 * changes the state and returns the timeline entry it makes; the workflow records it.
 */
export interface GuaranteeState {
  ledger: GuaranteeLedger;
  timeline: TimelineEvent[];
  /** Continue-as-new generation (0 for the first run). */
  generation: number;
}

export type Entry = Omit<TimelineEvent, 'seq' | 'at'>;

export function guaranteeState(input: Pick<GuaranteeInput, 'registration' | 'carried'>): GuaranteeState {
  return {
    ledger: input.carried?.ledger ?? newLedger(input.registration),
    timeline: input.carried?.timeline ?? [],
    generation: input.carried?.generation ?? 0,
  };
}

export function guaranteeCaseView(
  g: GuaranteeState,
  caseId: string,
  registeredBy: string,
  mark: { stuck: boolean; stuckSince?: string },
): GuaranteeView {
  const l = g.ledger;
  return {
    caseId,
    kind: 'guarantee',
    grn: l.grn,
    state: l.status,
    country: l.grn.slice(2, 4),
    declarant: l.holder.tin ?? l.holder.name,
    registeredBy,
    balance: balanceOf(l),
    generation: g.generation,
    stuck: mark.stuck,
    ...(mark.stuckSince ? { stuckSince: mark.stuckSince } : {}),
    timeline: g.timeline,
  };
}

/** No longer usable and nothing left open: the workflow completes. */
export const settled = (l: GuaranteeLedger): boolean =>
  l.status !== 'ACTIVE' && Object.keys(l.open).length === 0;

/**
 * The administration that accepted the guarantee is the country in its GRN (where it was
 * registered). Only that administration revokes or extends it; a country of validity relies on it
 * but does not manage it. Why an administration with `countries` in scope may not, or undefined.
 */
export function managementRefusal(
  grn: string,
  countries: readonly string[],
  action: 'revoke' | 'extend',
): string | undefined {
  const accepting = grn.slice(2, 4);
  return countries.includes(accepting)
    ? undefined
    : `only the administration that accepted guarantee ${grn} (${accepting}) may ${action} it`;
}

/** A signal cannot be rejected: a refused revocation is recorded as ignored, with this reason. */
export function revocationRefusal(l: GuaranteeLedger): string | undefined {
  return l.status !== 'ACTIVE' ? `already ${l.status}` : undefined;
}

export function applyRevocation(l: GuaranteeLedger, r: RevokeGuarantee): Entry {
  l.status = 'REVOKED';
  l.statusReason = r.reason;
  return { type: 'state', state: 'REVOKED', actor: r.by, reason: r.reason };
}

/** After `extensionRefusal` (index.ts) returned undefined. */
export function applyExtension(l: GuaranteeLedger, e: ExtendGuarantee): Entry {
  const previous = l.validUntil;
  l.validUntil = e.validUntil;
  return {
    type: 'validity-extended',
    actor: e.by,
    reason: `valid until ${e.validUntil} (was ${previous})`,
    data: { validUntil: e.validUntil, previous },
  };
}

export function applyExpiry(l: GuaranteeLedger): Entry {
  l.status = 'EXPIRED';
  return { type: 'state', state: 'EXPIRED', actor: 'system', reason: `validity ended with ${l.validUntil}` };
}

/** The warning is sent once per validity end: an extension re-arms it. */
export function applyExpiryWarning(l: GuaranteeLedger): Entry {
  l.warnedFor = l.validUntil;
  return {
    type: 'expiry-warning',
    actor: 'system',
    reason: `validity ends with ${l.validUntil}`,
    data: { holder: l.holder.tin ?? l.holder.name, offices: officesWithOpenMovements(l) },
  };
}
