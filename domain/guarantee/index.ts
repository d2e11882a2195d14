import { dec, Dec, fmt, isDecimalString, ZERO } from '../money';
import type { GuaranteeRegistration } from '../schemas/guarantee';

/**
 * Guarantee arithmetic (NCTS / CTC guarantee management): reference amount, open reservations per
 * movement (MRN), charges for recovered debts, and the checks a reservation must pass. Pure: the
 * ledger is a plain JSON object (it travels through continue-as-new), time is passed in as epoch
 * milliseconds. Functions named `apply*` mutate the ledger they are given and assume the matching
 * `*Refusal` returned undefined; the guarantee workflow calls both inside one update, so nothing can
 * run between the check and the change.
 */

export type GuaranteeStatus = 'ACTIVE' | 'EXPIRED' | 'REVOKED';

export interface Reservation {
  mrn: string;
  amount: string;
  reservedAt: string;
  /** Offices of the movement (departure, transit, destination): told before the guarantee expires. */
  offices: string[];
  countries: string[];
}

export interface ClosedReservation {
  mrn: string;
  amount: string;
  outcome: 'RELEASED' | 'CHARGED';
  /** For CHARGED: what was charged against the guarantee, and what the guarantee could not cover. */
  charged?: string;
  uncovered?: string;
  at: string;
}

export interface GuaranteeLedger {
  grn: string;
  type: GuaranteeRegistration['type'];
  holder: GuaranteeRegistration['holder'];
  guarantor?: GuaranteeRegistration['guarantor'];
  currency: string;
  referenceAmount: string;
  validFrom: string;
  validUntil: string;
  accessCode: string;
  countriesOfValidity: string[];
  status: GuaranteeStatus;
  statusReason?: string;
  open: Record<string, Reservation>;
  /** Most recent closed reservations (bounded: see CLOSED_KEPT), newest last. */
  closed: ClosedReservation[];
  /** Sum of all charges ever made: consumed from the reference amount. */
  charged: string;
  /** validUntil the expiry warning was sent for (an extension re-arms the warning). */
  warnedFor?: string;
  /** Wrong access codes in a row since the last right one or lockout (access-code.ts). */
  codeFailures?: number;
  /** Reservations are refused until then, after too many wrong access codes. */
  lockedUntil?: string;
}

/** How many closed reservations a ledger keeps for idempotent retries and the balance view. */
export const CLOSED_KEPT = 200;
const DAY_MS = 86_400_000;

export function newLedger(reg: GuaranteeRegistration): GuaranteeLedger {
  return {
    grn: reg.grn,
    type: reg.type,
    holder: reg.holder,
    ...(reg.guarantor ? { guarantor: reg.guarantor } : {}),
    currency: reg.currency,
    referenceAmount: reg.referenceAmount,
    validFrom: reg.validFrom,
    validUntil: reg.validUntil,
    accessCode: reg.accessCode,
    countriesOfValidity: [...reg.countriesOfValidity],
    status: 'ACTIVE',
    open: {},
    closed: [],
    charged: '0.00',
  };
}

/** Validity is inclusive of both dates, in UTC: from validFrom 00:00Z to the end of validUntil. */
export function validityWindow(l: Pick<GuaranteeLedger, 'validFrom' | 'validUntil'>): {
  startsAtMs: number;
  endsAtMs: number;
} {
  return {
    startsAtMs: Date.parse(`${l.validFrom}T00:00:00Z`),
    endsAtMs: Date.parse(`${l.validUntil}T00:00:00Z`) + DAY_MS,
  };
}

export interface Balance {
  grn: string;
  status: GuaranteeStatus;
  statusReason?: string;
  type: string;
  currency: string;
  referenceAmount: string;
  reserved: string;
  charged: string;
  available: string;
  validFrom: string;
  validUntil: string;
  countriesOfValidity: string[];
  /** The last lockout after wrong access codes ends then (it may have passed). */
  accessLockedUntil?: string;
  openReservations: Reservation[];
  recentlyClosed: ClosedReservation[];
}

const reservedOf = (l: GuaranteeLedger): Dec =>
  Object.values(l.open).reduce<Dec>((a, r) => a.plus(dec(r.amount)), ZERO);
export const availableOf = (l: GuaranteeLedger): Dec =>
  dec(l.referenceAmount).minus(reservedOf(l)).minus(dec(l.charged));

/** What `balance` answers. The access code is never part of it. */
export function balanceOf(l: GuaranteeLedger): Balance {
  return {
    grn: l.grn,
    status: l.status,
    ...(l.statusReason ? { statusReason: l.statusReason } : {}),
    type: l.type,
    currency: l.currency,
    referenceAmount: fmt(dec(l.referenceAmount)),
    reserved: fmt(reservedOf(l)),
    charged: fmt(dec(l.charged)),
    available: fmt(availableOf(l)),
    validFrom: l.validFrom,
    validUntil: l.validUntil,
    countriesOfValidity: l.countriesOfValidity,
    ...(l.lockedUntil ? { accessLockedUntil: l.lockedUntil } : {}),
    openReservations: Object.values(l.open),
    recentlyClosed: l.closed.slice(-20),
  };
}

export interface ReserveRequest {
  mrn: string;
  /** Amount to be covered, decimal string in the guarantee currency. */
  amount: string;
  currency: string;
  accessCode: string;
  /** Countries of routing of the movement: each must be covered by the guarantee. */
  countries: string[];
  offices: string[];
}

function amountRefusal(amount: unknown, what: string): string | undefined {
  if (typeof amount !== 'string' || !isDecimalString(amount))
    return `${what} must be a decimal string like "18500.00"`;
  const d = dec(amount);
  if (d.isNegative() || d.isZero()) return `${what} must be greater than zero`;
  if (d.decimalPlaces() > 2) return `${what} has more than 2 decimals`;
  return undefined;
}

/** Why the guarantee is not usable at `nowMs` (status and validity), or undefined. */
export function usabilityRefusal(l: GuaranteeLedger, nowMs: number): string | undefined {
  if (l.status === 'REVOKED')
    return `guarantee ${l.grn} is revoked${l.statusReason ? ` (${l.statusReason})` : ''}`;
  const { startsAtMs, endsAtMs } = validityWindow(l);
  if (l.status === 'EXPIRED' || nowMs >= endsAtMs)
    return `guarantee ${l.grn} expired at the end of ${l.validUntil}`;
  if (nowMs < startsAtMs) return `guarantee ${l.grn} is not valid before ${l.validFrom}`;
  return undefined;
}

/**
 * Why a reservation must be refused, or undefined when it may be made. A second identical request
 * for the same MRN is not refused: it is a retry and `applyReserve` answers it with the reservation
 * already made.
 */
export function reservationRefusal(
  l: GuaranteeLedger,
  req: ReserveRequest,
  nowMs: number,
  opts: { checkCode: boolean } = { checkCode: true },
): string | undefined {
  if (!req || typeof req.mrn !== 'string' || req.mrn.length === 0)
    return 'a reservation needs the MRN of the movement';
  const bad = amountRefusal(req.amount, 'the amount to be covered');
  if (bad) return bad;
  const existing = l.open[req.mrn];
  if (existing) {
    if (dec(existing.amount).equals(dec(req.amount))) return undefined; // idempotent retry
    return `movement ${req.mrn} already holds a reservation of ${existing.amount} ${l.currency} on guarantee ${l.grn}`;
  }
  if (l.closed.some((c) => c.mrn === req.mrn))
    return `the reservation of movement ${req.mrn} on guarantee ${l.grn} was already closed`;
  const unusable = usabilityRefusal(l, nowMs);
  if (unusable) return unusable;
  if (opts.checkCode && req.accessCode !== l.accessCode) return `wrong access code for guarantee ${l.grn}`;
  if (req.currency !== l.currency)
    return `guarantee ${l.grn} is in ${l.currency}, the amount to be covered is in ${req.currency}`;
  const uncovered = (req.countries ?? []).filter((c) => !l.countriesOfValidity.includes(c));
  if (uncovered.length)
    return `guarantee ${l.grn} is not valid in ${uncovered.join(', ')} (valid in ${l.countriesOfValidity.join(', ')})`;
  const available = availableOf(l);
  if (available.lessThan(dec(req.amount))) {
    return `balance of guarantee ${l.grn} is short: ${fmt(available)} ${l.currency} available, ${fmt(dec(req.amount))} ${l.currency} requested`;
  }
  return undefined;
}

export function applyReserve(l: GuaranteeLedger, req: ReserveRequest, at: string): Reservation {
  const existing = l.open[req.mrn];
  if (existing) return existing;
  const r: Reservation = {
    mrn: req.mrn,
    amount: fmt(dec(req.amount)),
    reservedAt: at,
    offices: [...(req.offices ?? [])],
    countries: [...(req.countries ?? [])],
  };
  l.open[req.mrn] = r;
  return r;
}

/** Release is refused only for an MRN that never held a reservation here; a repeated release is a no-op. */
export function releaseRefusal(l: GuaranteeLedger, mrn: string): string | undefined {
  if (l.open[mrn] || l.closed.some((c) => c.mrn === mrn)) return undefined;
  return `movement ${mrn} holds no reservation on guarantee ${l.grn}`;
}

export function applyRelease(l: GuaranteeLedger, mrn: string, at: string): ClosedReservation {
  const open = l.open[mrn];
  if (!open) return [...l.closed].reverse().find((c) => c.mrn === mrn)!;
  delete l.open[mrn];
  return close(l, { mrn, amount: open.amount, outcome: 'RELEASED', at });
}

export function chargeRefusal(l: GuaranteeLedger, mrn: string, amount: string): string | undefined {
  const bad = amountRefusal(amount, 'the amount to charge');
  if (bad) return bad;
  if (l.open[mrn]) return undefined;
  const done = l.closed.find((c) => c.mrn === mrn);
  if (done?.outcome === 'CHARGED') return undefined; // retry of the same charge
  if (done) return `the reservation of movement ${mrn} on guarantee ${l.grn} was already released`;
  return `movement ${mrn} holds no reservation on guarantee ${l.grn}`;
}

/**
 * Charges a recovered debt. The guarantee answers for the debt up to what it still has: the
 * movement's reservation plus the available balance; any rest is `uncovered` (recovered from the
 * holder directly). The reservation is closed.
 */
export function applyCharge(l: GuaranteeLedger, mrn: string, amount: string, at: string): ClosedReservation {
  const open = l.open[mrn];
  if (!open) return [...l.closed].reverse().find((c) => c.mrn === mrn)!;
  const capacity = dec(open.amount).plus(Dec.max(availableOf(l), ZERO));
  const debt = dec(amount);
  const charged = Dec.min(debt, capacity);
  delete l.open[mrn];
  l.charged = fmt(dec(l.charged).plus(charged));
  return close(l, {
    mrn,
    amount: open.amount,
    outcome: 'CHARGED',
    charged: fmt(charged),
    uncovered: fmt(debt.minus(charged)),
    at,
  });
}

function close(l: GuaranteeLedger, c: ClosedReservation): ClosedReservation {
  l.closed.push(c);
  if (l.closed.length > CLOSED_KEPT) l.closed.splice(0, l.closed.length - CLOSED_KEPT);
  return c;
}

/** A later validity end; refused when it would not extend, or the guarantee is no longer active. */
export function extensionRefusal(l: GuaranteeLedger, validUntil: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(validUntil) || Number.isNaN(Date.parse(`${validUntil}T00:00:00Z`)))
    return `validUntil must be a date YYYY-MM-DD, got "${validUntil}"`;
  if (l.status !== 'ACTIVE') return `guarantee ${l.grn} is ${l.status} and cannot be extended`;
  if (validUntil <= l.validUntil)
    return `validUntil ${validUntil} does not extend the current end ${l.validUntil}`;
  return undefined;
}

/** Offices with open movements on the guarantee (sorted, unique): who hears about its expiry. */
export function officesWithOpenMovements(l: GuaranteeLedger): string[] {
  return [...new Set(Object.values(l.open).flatMap((r) => r.offices))].sort();
}

/** When the expiry warning is due, or undefined once it was sent for the current validity end. */
export function warningDueAtMs(l: GuaranteeLedger, leadMs: number): number | undefined {
  if (l.status !== 'ACTIVE' || l.warnedFor === l.validUntil) return undefined;
  return validityWindow(l).endsAtMs - leadMs;
}
