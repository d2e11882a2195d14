import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Channel } from '../domain/channels';
import type { Assessment } from '../domain/duties';
import type { Step } from '../domain/explain';
import type { RiskHit } from '../domain/risk/decision';
import type { ControlResult } from '../domain/schemas/control-result';
import type { Declaration } from '../domain/schemas/declaration';
import type { ExitView } from './declaration-exit';
import type { PendingAction, TimelineEvent } from './timeline';

/**
 * The declaration process (`declaration/<MRN>`): its input and settings, its view, its commands and
 * the messages that carry them (one query, the officer and declarant updates, two signals). Plain
 * types: the API parses every payload with the zod schemas of domain/schemas/declaration-commands.ts
 * (whose inferred types are checked against these) and hands the canonical value on; the workflow's
 * validators only check the command against the case (domain/declaration/refusals.ts).
 */

/** The states in which a declaration waits for someone, each with its own SLA. */
export const WAITING_STATES = [
  'AWAITING_PRESENTATION',
  'UNDER_CONTROL',
  'QUERIED',
  'AWAITING_PAYMENT',
] as const;
export type WaitingState = (typeof WAITING_STATES)[number];

/** What a declaration workflow gets as `settings` (milliseconds, resolved for one office). */
export interface DeclarationSettings {
  /** SLA of a waiting state without an entry in `slaByStateMs`. */
  slaMs: number;
  slaByStateMs?: Partial<Record<WaitingState, number>>;
  /** Stand-by green window; 0 or absent = release green cases at once. */
  standByMs?: number;
  presentationDeadlineMs?: number;
  queryDeadlineMs?: number;
  /** How long a released case accepts customs invalidation and intelligence hits; absent = 0. */
  postReleaseMs?: number;
  /** How long a released export waits for its exit to be confirmed (declaration-exit.ts); absent = 90 days. */
  exitDeadlineMs?: number;
  /**
   * A step that used up its attempts on a transient failure is tried again after this long, unless a
   * supervisor retries it first; absent = only a supervisor does. A data error waits for a supervisor.
   */
  stepRetryMs?: number;
}

export interface DeclarationInput {
  mrn: string;
  declaration: Declaration;
  payloadHash: string;
  lodgedAt: string;
  /** Principal (`sub`) of the clearance system that lodged: decisions go to its webhook. */
  lodgedBy: string;
  settings: DeclarationSettings;
}

export const DECLARATION_STATES = [
  'LODGED',
  'ACCEPTED',
  'AWAITING_PRESENTATION',
  'RISK_ASSESSED',
  'QUERIED',
  'UNDER_CONTROL',
  'HELD',
  'DUTIES_ASSESSED',
  'AWAITING_PAYMENT',
  'RELEASED',
  'NOT_RELEASED',
  'REJECTED',
  'INVALIDATED',
  'CANCELLED',
] as const;
export type DeclarationState = (typeof DECLARATION_STATES)[number];
/** States after which nothing but (for RELEASED) a customs invalidation or an intelligence hit happens. */
export const FINAL_DECLARATION_STATES: readonly DeclarationState[] = [
  'RELEASED',
  'NOT_RELEASED',
  'REJECTED',
  'INVALIDATED',
  'CANCELLED',
];

export interface RiskView {
  profileId: string;
  profileVersion: number;
  round: number;
  /** Random-selection seed (from the workflow id) and the draw it gave: replay reproduces both. */
  seed: string;
  draw: number;
  randomlySelected: boolean;
  score: number;
  /** Channel the engine chose (before re-routing, intelligence hits or the no-lowering rule). */
  engineChannel: Channel;
  hits: RiskHit[];
  explanation: string[];
}

export interface ControlView {
  type: 'DOCUMENTARY' | 'PHYSICAL';
  channel: Channel;
  requestedAt: string;
  result?: ControlDecision;
}

export interface DutiesView {
  currency: string;
  totals: Assessment['totals'];
  items: Assessment['items'];
  /** Every step of the computation, in order, with the arithmetic written out. */
  explanation: Step[];
  assessedAt: string;
}

export interface PaymentView {
  due: string;
  currency: string;
  paid: string;
  secured?: { grn: string; amount: string };
  receipts: { reference: string; amount: string; method: 'PAYMENT' | 'GUARANTEE'; at: string }[];
}

/** A payment or guarantee offer as the case received it: its reference is its key. */
export interface ReceivedPayment {
  reference: string;
  method: 'PAYMENT' | 'GUARANTEE';
  amount?: string;
  currency?: string;
  grn?: string;
  at: string;
}

/** The case view of a declaration: one plain object, updated in one place, returned by `caseView`. */
export interface DeclarationView {
  caseId: string;
  kind: 'declaration';
  mrn: string;
  lrn: string;
  declarant: string;
  lodgedBy: string;
  office: string;
  country: string;
  type: string;
  state: DeclarationState;
  channel?: Channel;
  /** Why the channel is what it is: engine decision, re-routings, intelligence hits, in order. */
  channelReasons: string[];
  risk?: RiskView;
  control?: ControlView;
  query?: { question: string; askedAt: string; answer?: string; answeredAt?: string };
  duties?: DutiesView;
  payment?: PaymentView;
  amendments: number;
  /** Every payment and guarantee offer received, in order, keyed by reference (access codes never kept). */
  paymentsReceived: ReceivedPayment[];
  intelligenceHits: (IntelligenceHit & { at: string; afterRelease: boolean })[];
  /** Post-entry audit requested (BLUE channel, or an intelligence hit after release). */
  auditRequested: boolean;
  /** A released export: its exit at the office of exit, awaited or recorded. */
  exit?: ExitView;
  stuck: boolean;
  stuckSince?: string;
  escalations: number;
  /** Office or officer a supervisor reassigned the case to. */
  assignedTo?: string;
  pending?: PendingAction;
  payloadHash: string;
  /** The declaration as it stands (after amendments and control corrections). */
  declaration: Declaration;
  timeline: TimelineEvent[];
}

export const caseView = defineQuery<DeclarationView>('caseView');

// ---------------------------------------------------------------------------------------------
// Commands

/** Sections of a declaration an amendment or a control correction may replace (identity excluded). */
export type DeclarationChanges = Partial<Omit<Declaration, 'lrn' | 'type' | 'declarant'>>;

/**
 * Result of a documentary check or physical examination: the shared control-result contract, plus
 * the officer's decision. `corrections` (non-conform / corrected results) replace sections of the
 * declaration as found, and the duties are assessed again on the corrected declaration;
 * `refuseRelease` ends the case NOT_RELEASED.
 */
export interface ControlDecision extends ControlResult {
  refuseRelease?: boolean;
  corrections?: DeclarationChanges;
}

/** Re-routing by role: an officer may raise a channel; lowering one takes a supervisor. */
export interface Reroute {
  channel: Channel;
  reason: string;
  office: string;
  actor: string;
  role: 'officer' | 'supervisor';
}

/** Presentation of the goods of a pre-lodged declaration at the office (officer). */
export interface Presentation {
  office: string;
  actor: string;
  remarks?: string;
}

/** An amendment replaces whole top-level sections; the API has validated the merged declaration. */
export interface Amendment {
  reason: string;
  changes: DeclarationChanges;
}
export interface AmendRequest {
  amendment: Amendment;
  actor: string;
  /** The amendment count the API validated the merged declaration against; another in between is refused. */
  basedOn?: number;
}

/** Invalidation: by the declarant before release, by customs only after release. */
export interface Invalidation {
  by: 'declarant' | 'customs';
  actor: string;
  reason: string;
}

export interface QueryAnswer {
  answer: string;
  actor: string;
}

/**
 * Payment confirmed by the bank / treasury, or duties secured by a guarantee (the workflow reserves
 * the amount due on the guarantee workflow; a refusal is recorded and the case keeps waiting).
 */
export interface Payment {
  method: 'PAYMENT' | 'GUARANTEE';
  reference: string;
  amount?: string;
  currency?: string;
  grn?: string;
  accessCode?: string;
  actor: string;
}

export interface IntelligenceHit {
  alertId: string;
  reason: string;
  severity: 'LOW' | 'MEDIUM' | 'HIGH';
  source: string;
}

// ---------------------------------------------------------------------------------------------
// Messages

export const recordControlResult = defineUpdate<DeclarationView, [ControlDecision]>('recordControlResult');
export const reroute = defineUpdate<DeclarationView, [Reroute]>('reroute');
export const presentGoods = defineUpdate<DeclarationView, [Presentation]>('presentGoods');
export const amendDeclaration = defineUpdate<DeclarationView, [AmendRequest]>('amendDeclaration');
export const invalidateDeclaration = defineUpdate<DeclarationView, [Invalidation]>('invalidateDeclaration');
export const answerQuery = defineUpdate<DeclarationView, [QueryAnswer]>('answerQuery');
/**
 * A payment or guarantee offer as an update (the API's route since 2026-12-03): its validator
 * refuses a reference used for another payment, and answers a repeat of the same payment with a
 * failure of type `DUPLICATE_PAYMENT`, so neither reaches history. It answers nothing (the route
 * needs no view, and a view in every payment's completion event would weigh on history). The signal
 * stays for histories and clients that sent it.
 */
export const recordPayment = defineUpdate<void, [Payment]>('recordPayment');
export const DUPLICATE_PAYMENT = 'DuplicatePayment';
export const confirmPayment = defineSignal<[Payment]>('confirmPayment');
export const intelligenceHit = defineSignal<[IntelligenceHit]>('intelligenceHit');
