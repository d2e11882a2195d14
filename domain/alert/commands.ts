import {
  ALERT_MESSAGES,
  type AlertMatch,
  type AlertMatchFound,
  type RecordAlertMatch,
  type RecordAlertResult,
} from '../../contracts/alert';
import type { OutboxMessage } from '../../contracts/projection';
import { hitsOf, isActive, openMatches, withEvent, type AlertCase, type CaseNotice } from './case';
import { describeSubject } from './subject';

/**
 * The alert's rules: raising, matching, control results and expiry. Each command has a pure refusal
 * (the update's validator) and a pure apply; the timer's expiry and the end of the grace period are
 * applies the workflow calls itself.
 */

export function applyRaise(c: AlertCase, at: string): AlertCase {
  const v = c.view;
  return {
    ...c,
    view: withEvent(
      v,
      {
        type: 'state',
        state: 'ACTIVE',
        actor: v.raisedBy,
        reason: `${v.severity} alert on ${describeSubject(v.subject)}: ${v.reason}`,
        data: { validUntil: v.validUntil },
      },
      at,
    ),
  };
}

function holdNotice(c: AlertCase, m: AlertMatchFound): CaseNotice {
  const v = c.view;
  const reason = `alert ${v.alertId} (${v.country}) on ${describeSubject(v.subject)}: ${v.reason}`;
  return m.kind === 'transit'
    ? { caseId: m.caseId, kind: 'transit', transit: { alertId: v.alertId, action: 'hold', reason } }
    : { caseId: m.caseId, kind: 'declaration' };
}

/**
 * The open cases visibility found on raising: each is recorded and told (a declaration is forced to
 * control, a transit movement held for a control at its next office). The countries on their routes
 * join the recipients, and each recipient other than the raiser gets the alert through the outbox.
 */
export function applyMatches(c: AlertCase, found: AlertMatchFound[], at: string): AlertCase {
  const v = c.view;
  const known = new Set(v.matches.map((m) => m.caseId));
  const fresh = found.filter(
    (m, i) => !known.has(m.caseId) && found.findIndex((o) => o.caseId === m.caseId) === i,
  );
  const matches: AlertMatch[] = [
    ...v.matches,
    ...fresh.map((m) => ({ ...m, via: 'raising' as const, matchedAt: at })),
  ];
  const routes = fresh.flatMap((m) => [m.country, ...m.route]);
  const recipients = [...new Set([...v.recipients, ...routes])].filter((cc) => cc !== v.country).sort();
  let view = { ...v, matches, recipients };
  if (fresh.length)
    view = withEvent(
      view,
      {
        type: 'alert-matched',
        actor: 'system',
        reason: `${fresh.length} open case(s) match`,
        data: { cases: fresh.map((m) => m.caseId) },
      },
      at,
    );
  const messages: OutboxMessage[] = recipients.map((cc) => ({
    messageId: `${v.caseId}/alert/${cc}`,
    caseId: v.caseId,
    destination: `partner:${cc}`,
    type: ALERT_MESSAGES.alert,
    payload: {
      alertId: v.alertId,
      country: v.country,
      subject: v.subject,
      severity: v.severity,
      channel: v.channel,
      reason: v.reason,
      validUntil: v.validUntil,
      matches: matches.filter((m) => m.country === cc || m.route.includes(cc)).map((m) => m.mrn),
    },
  }));
  return {
    view,
    outbox: [...c.outbox, ...messages],
    notices: [...c.notices, ...fresh.map((m) => holdNotice(c, m))],
  };
}

/** A lodgement found matching by its risk assessment: only while the alert is valid. */
export function recordMatchRefusal(c: AlertCase, _cmd: RecordAlertMatch): string | undefined {
  return isActive(c) ? undefined : `alert ${c.view.alertId} is ${c.view.state}`;
}

/** The lodgement already has the alert as a risk fact: it is recorded, nobody needs telling. */
export function applyRecordMatch(c: AlertCase, cmd: RecordAlertMatch, at: string): AlertCase {
  const v = c.view;
  if (v.matches.some((m) => m.caseId === cmd.caseId)) return c;
  const match: AlertMatch = { ...cmd, via: 'lodgement', matchedAt: at };
  return {
    ...c,
    view: withEvent(
      { ...v, matches: [...v.matches, match] },
      {
        type: 'alert-matched',
        actor: 'system',
        reason: `lodged ${cmd.mrn} matches`,
        data: { cases: [cmd.caseId] },
      },
      at,
    ),
  };
}

/**
 * A control result: for a match of this alert, reported by the administration that controls the case,
 * once. After expiry the results of earlier matches are still taken (the grace period).
 */
export function recordResultRefusal(c: AlertCase, cmd: RecordAlertResult): string | undefined {
  const m = c.view.matches.find((x) => x.caseId === cmd.caseId);
  if (!m) return `${cmd.caseId} is not a match of alert ${c.view.alertId}`;
  if (m.country !== cmd.country)
    return `${cmd.caseId} is controlled by ${m.country}; ${cmd.country} cannot report its result`;
  if (m.result) return `the control result of ${cmd.caseId} is already recorded`;
  return undefined;
}

export function applyRecordResult(c: AlertCase, cmd: RecordAlertResult, at: string): AlertCase {
  const v = c.view;
  const result = {
    found: cmd.found,
    ...(cmd.what ? { what: cmd.what } : {}),
    actor: cmd.actor,
    country: cmd.country,
    at,
  };
  const matches = v.matches.map((m) => (m.caseId === cmd.caseId ? { ...m, result } : m));
  const m = matches.find((x) => x.caseId === cmd.caseId)!;
  const view = withEvent(
    { ...v, matches, hits: hitsOf(matches) },
    {
      type: 'alert-result',
      actor: cmd.actor,
      reason: `${m.mrn}: ${cmd.found ? 'found' : 'nothing found'}${cmd.what ? ` (${cmd.what})` : ''}`,
      data: { caseId: m.caseId, country: cmd.country, found: cmd.found },
    },
    at,
  );
  // The raising administration hears what another found; its own officers see the view.
  const messages: OutboxMessage[] =
    cmd.country === v.country
      ? []
      : [
          {
            messageId: `${v.caseId}/result/${m.caseId}`,
            caseId: v.caseId,
            destination: `partner:${v.country}`,
            type: ALERT_MESSAGES.result,
            payload: { alertId: v.alertId, mrn: m.mrn, ...result },
          },
        ];
  const notices: CaseNotice[] =
    m.kind === 'transit'
      ? [
          {
            caseId: m.caseId,
            kind: 'transit',
            transit: {
              alertId: v.alertId,
              action: 'clear',
              reason: `control result recorded by ${cmd.actor}`,
            },
          },
        ]
      : [];
  return { view, outbox: [...c.outbox, ...messages], notices: [...c.notices, ...notices] };
}

/** The validity timer: no new matches from now on; results of earlier matches are still taken. */
export function applyExpiry(c: AlertCase, at: string): AlertCase {
  if (!isActive(c)) return c;
  return {
    ...c,
    view: withEvent(
      { ...c.view, state: 'EXPIRED', expiredAt: at },
      { type: 'state', state: 'EXPIRED', actor: 'system', reason: `valid until ${c.view.validUntil}` },
      at,
    ),
  };
}

/**
 * The grace period after expiry ended: movements still held for this alert's control are let go
 * (the hold was the alert's; without it nobody is waiting for the result).
 */
export function applyLapse(c: AlertCase, at: string): AlertCase {
  const held = openMatches(c).filter((m) => m.kind === 'transit');
  if (!held.length) return c;
  const v = c.view;
  return {
    ...c,
    view: withEvent(
      v,
      {
        type: 'alert-lapsed',
        actor: 'system',
        reason: `no control result for ${held.map((m) => m.mrn).join(', ')} before the grace period ended`,
      },
      at,
    ),
    notices: [
      ...c.notices,
      ...held.map((m) => ({
        caseId: m.caseId,
        kind: 'transit' as const,
        transit: { alertId: v.alertId, action: 'clear' as const, reason: `alert ${v.alertId} lapsed` },
      })),
    ],
  };
}
