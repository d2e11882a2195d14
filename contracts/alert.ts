import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { TimelineEvent } from './timeline';

/**
 * Regional intelligence alert (`alert/<alertId>`, docs/alerts.md): an administration warns the next
 * administrations on a route about a vehicle, a container, a trader or a commodity from an origin,
 * finds the open declarations and transit movements that match, and hears back what their controls
 * found. It expires by its own timer.
 */

export type AlertSubject =
  | { kind: 'vehicle'; registration: string }
  | { kind: 'container'; number: string }
  | { kind: 'trader'; tin: string }
  | { kind: 'commodity'; hsHeading: string; origin: string };

export type AlertSeverity = 'LOW' | 'MEDIUM' | 'HIGH';
/** The least a match is controlled with: a HIGH alert asks for a physical examination. */
export type AlertChannel = 'YELLOW' | 'RED';
export type AlertState = 'ACTIVE' | 'EXPIRED';

export interface AlertSettings {
  /** How long after expiry the alert still takes the control results of its matches. */
  resultGraceMs: number;
}

export interface AlertInput {
  alertId: string;
  /** The raising administration. */
  country: string;
  actor: string;
  /** `officer`, `supervisor`, `partner`, or `system` (a transit crossing with broken seals). */
  raisedByRole: string;
  subject: AlertSubject;
  severity: AlertSeverity;
  reason: string;
  raisedAt: string;
  validUntil: string;
  /** Administrations named by the raiser; the countries on matching itineraries are added. */
  recipients: string[];
  settings: AlertSettings;
}

/** An open case the alert found (on raising, through visibility) or that found it (on lodgement). */
export interface AlertMatchFound {
  caseId: string;
  kind: 'declaration' | 'transit';
  mrn: string;
  /** The administration that controls it (the case's country). */
  country: string;
  /** The countries on its itinerary (a declaration: its own). */
  route: string[];
}

export interface AlertControlResult {
  found: boolean;
  what?: string;
  actor: string;
  country: string;
  at: string;
}

export interface AlertMatch extends AlertMatchFound {
  via: 'raising' | 'lodgement';
  matchedAt: string;
  result?: AlertControlResult;
}

export interface AlertView {
  caseId: string;
  kind: 'alert';
  alertId: string;
  state: AlertState;
  country: string;
  raisedBy: string;
  raisedByRole: string;
  subject: AlertSubject;
  severity: AlertSeverity;
  channel: AlertChannel;
  reason: string;
  raisedAt: string;
  validUntil: string;
  expiredAt?: string;
  recipients: string[];
  matches: AlertMatch[];
  /** Controlled matches, those where something was found, and found / controlled (a decimal string). */
  hits: { controlled: number; found: number; rate: string };
  stuck: boolean;
  stuckSince?: string;
  timeline: TimelineEvent[];
}

/** A lodgement the risk assessment found matching (its facts met the alert's subject). */
export type RecordAlertMatch = AlertMatchFound;

/** The control result of one match, reported by the administration that controlled it. */
export interface RecordAlertResult {
  caseId: string;
  found: boolean;
  what?: string;
  actor: string;
  country: string;
}

export const alertWorkflowId = (alertId: string): string => `alert/${alertId}`;

export const alertView = defineQuery<AlertView>('caseView');
export const recordAlertMatch = defineUpdate<AlertView, [RecordAlertMatch]>('recordAlertMatch');
export const recordAlertResult = defineUpdate<AlertView, [RecordAlertResult]>('recordAlertResult');

/**
 * What an alert tells a matched transit movement: hold it for a control at its next office (`hold`),
 * or let it go (`clear`: the result is in, or the alert lapsed without one).
 */
export interface AlertControlNotice {
  alertId: string;
  action: 'hold' | 'clear';
  reason: string;
}
export const alertControl = defineSignal<[AlertControlNotice]>('alertControl');

/** Outbox message types: the alert to each recipient administration, a result to the raiser. */
export const ALERT_MESSAGES = {
  alert: 'intelligence-alert',
  result: 'intelligence-alert-result',
} as const;

/** The read model's `view` details of an alert row (cases table, kind `alert`). */
export interface AlertProjectionDetails {
  alertId: string;
  /** Normalised (domain/alert/subject.ts): the lodgement check compares it with a case's facts. */
  subject: AlertSubject;
  severity: AlertSeverity;
  channel: AlertChannel;
  reason: string;
  validUntil: string;
  recipients: string[];
  matches: number;
  controlled: number;
  found: number;
}
