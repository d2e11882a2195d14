import type {
  AlertChannel,
  AlertControlNotice,
  AlertInput,
  AlertMatch,
  AlertSeverity,
  AlertView,
} from '../../contracts/alert';
import type { OutboxMessage } from '../../contracts/projection';
import type { TimelineEvent } from '../../contracts/timeline';
import { Dec } from '../money';
import { normaliseSubject } from './subject';

/** A notice the workflow still has to deliver to a matched case (an activity signals it). */
export interface CaseNotice {
  caseId: string;
  kind: 'declaration' | 'transit';
  /** A declaration gets an intelligence hit; a transit movement a hold or its clearing. */
  transit?: AlertControlNotice;
}

/**
 * The alert's whole state: the view the query answers, the messages the last changes made (the
 * outbox) and the notices to matched cases not delivered yet. Every apply returns a new value.
 */
export interface AlertCase {
  view: AlertView;
  outbox: OutboxMessage[];
  notices: CaseNotice[];
}

export const channelOf = (s: AlertSeverity): AlertChannel => (s === 'HIGH' ? 'RED' : 'YELLOW');

export function newAlertCase(input: AlertInput, caseId: string): AlertCase {
  return {
    view: {
      caseId,
      kind: 'alert',
      alertId: input.alertId,
      state: 'ACTIVE',
      country: input.country,
      raisedBy: input.actor,
      raisedByRole: input.raisedByRole,
      subject: normaliseSubject(input.subject),
      severity: input.severity,
      channel: channelOf(input.severity),
      reason: input.reason,
      raisedAt: input.raisedAt,
      validUntil: input.validUntil,
      recipients: [...new Set(input.recipients.filter((c) => c !== input.country))].sort(),
      matches: [],
      hits: { controlled: 0, found: 0, rate: '0' },
      stuck: false,
      timeline: [],
    },
    outbox: [],
    notices: [],
  };
}

export function withEvent(v: AlertView, e: Omit<TimelineEvent, 'seq' | 'at'>, at: string): AlertView {
  return { ...v, timeline: [...v.timeline, { seq: v.timeline.length + 1, at, ...e }] };
}

/** Found / controlled, to four places, as a decimal string (no float reaches the view). */
export function hitsOf(matches: AlertMatch[]): AlertView['hits'] {
  const controlled = matches.filter((m) => m.result).length;
  const found = matches.filter((m) => m.result?.found).length;
  const rate = controlled ? new Dec(found).div(controlled).toDecimalPlaces(4).toString() : '0';
  return { controlled, found, rate };
}

export const isActive = (c: AlertCase): boolean => c.view.state === 'ACTIVE';

/** Matches still waiting for their control result. */
export const openMatches = (c: AlertCase): AlertMatch[] => c.view.matches.filter((m) => !m.result);
