import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Balance,
  ClosedReservation,
  GuaranteeStatus,
  Reservation,
  ReserveRequest,
} from '../domain/guarantee';
import type { GuaranteeLedger } from '../domain/guarantee';
import type { CodeLockout } from '../domain/guarantee/access-code';
import type { GuaranteeRegistration } from '../domain/schemas/guarantee';
import type { TimelineEvent } from './timeline';

/** What a guarantee workflow gets as `settings`. */
export interface GuaranteeSettings {
  /** Warn the holder and the offices with open movements this long before validity ends. */
  expiryWarningLeadMs: number;
  /** Continue as new once the history has this many events (or when the server suggests it). */
  historyLimit: number;
  /** Wrong access codes in a row that lock the guarantee, and for how long; absent: the domain default. */
  codeLockout?: CodeLockout;
}

export interface GuaranteeInput {
  registration: GuaranteeRegistration;
  payloadHash: string;
  registeredAt: string;
  registeredBy: string;
  settings: GuaranteeSettings;
  /** Set by continue-as-new. */
  carried?: { ledger: GuaranteeLedger; timeline: TimelineEvent[]; generation: number };
}

export type { Balance, ClosedReservation, Reservation, ReserveRequest } from '../domain/guarantee';

/** The guarantee entity's case view (`caseView`, like every case): state, balance, timeline. */
export interface GuaranteeView {
  caseId: string;
  kind: 'guarantee';
  grn: string;
  state: GuaranteeStatus;
  country: string;
  declarant: string;
  /** The owner: principal (`sub`) that registered it, from the workflow input. */
  registeredBy: string;
  balance: Balance;
  /** Continue-as-new generation (0 for the first run). */
  generation: number;
  /** A step failed for good and waits for a supervisor's retry (no SLA marks a guarantee stuck). */
  stuck: boolean;
  stuckSince?: string;
  timeline: TimelineEvent[];
}

/** Balance: reference amount, reserved, charged, available, open reservations. */
export const guaranteeBalance = defineQuery<Balance>('balance');
export const guaranteeView = defineQuery<GuaranteeView>('caseView');

/** Reserve the amount to be covered of a movement (refused when expired, revoked, not valid on the routing, wrong access code, short). */
export const reserveGuarantee = defineUpdate<Reservation, [ReserveRequest]>('reserve');
/** Release a movement's reservation (write-off, no release, enquiry closed). Repeating it is a no-op. */
export const releaseGuarantee = defineUpdate<ClosedReservation, [string]>('release');
/** Charge a recovered debt against a movement's reservation (and the balance beyond it). */
export const chargeGuarantee = defineUpdate<ClosedReservation, [string, string]>('charge');

export interface RevokeGuarantee {
  reason: string;
  by: string;
}
export interface ExtendGuarantee {
  validUntil: string;
  by: string;
}
export const revokeGuarantee = defineSignal<[RevokeGuarantee]>('revoke');
export const extendGuaranteeValidity = defineSignal<[ExtendGuarantee]>('extendValidity');
