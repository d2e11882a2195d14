import { ForbiddenException } from '@nestjs/common';
import { alertIdOf } from '../../../activities/alert/start';
import type { AlertInput, AlertView } from '../../../contracts/alert';
import type { RaiseAlert } from '../../../domain/schemas/alert';
import type { Principal } from '../auth/tokens';
import { canonicalJson } from '../declarations/identity';
import { ValidationFailed } from '../common/errors';

/** How long after expiry an alert still takes the control results of its matches. */
export const RESULT_GRACE_MS = 7 * 86_400_000;
/** The longest validity an alert may be raised with. */
export const MAX_VALIDITY_MS = 180 * 86_400_000;

/**
 * The raising administration: the country asked for, or the caller's only one. An officer,
 * supervisor or partner raises alerts for its own administration only.
 */
export function raisingCountry(req: RaiseAlert, p: Principal): string {
  const country = req.country ?? (p.countries.length === 1 ? p.countries[0] : undefined);
  if (!country)
    throw new ValidationFailed(
      [
        {
          path: 'country',
          message: 'name the raising administration: your token covers several',
          code: 'required',
        },
      ],
      'the alert is not valid',
    );
  if (!p.countries.includes(country))
    throw new ForbiddenException(`a ${p.role} raises alerts only for its own administration, not ${country}`);
  return country;
}

export function alertInputOf(req: RaiseAlert, p: Principal, now: Date): AlertInput {
  const country = raisingCountry(req, p);
  const validUntil = Date.parse(req.validUntil);
  if (validUntil <= now.getTime() || validUntil - now.getTime() > MAX_VALIDITY_MS)
    throw new ValidationFailed(
      [
        {
          path: 'validUntil',
          message: 'must be in the future, at most 180 days ahead',
          code: 'out_of_range',
        },
      ],
      'the alert is not valid',
    );
  const canonical = { ...req, country, recipients: [...new Set(req.recipients)].sort() };
  return {
    alertId: alertIdOf(country, `alert|${p.sub}|${canonicalJson(canonical)}`),
    country,
    actor: p.sub,
    raisedByRole: p.role,
    subject: req.subject,
    severity: req.severity,
    reason: req.reason,
    raisedAt: now.toISOString(),
    validUntil: new Date(validUntil).toISOString(),
    recipients: canonical.recipients,
    settings: { resultGraceMs: RESULT_GRACE_MS },
  };
}

/** Who may read an alert: customs of the raising administration, of a recipient or of a match. */
export function mayRead(p: Principal, v: AlertView): boolean {
  const concerned = new Set([v.country, ...v.recipients, ...v.matches.map((m) => m.country)]);
  return p.countries.some((c) => concerned.has(c));
}

/** The match a result is for, when the caller's administration controls it. */
export function matchForResult(p: Principal, v: AlertView, mrn: string) {
  const m = v.matches.find((x) => x.mrn === mrn);
  if (!m)
    throw new ValidationFailed(
      [{ path: 'mrn', message: `${mrn} is not a match of alert ${v.alertId}`, code: 'not_matched' }],
      'the control result is not valid',
    );
  if (!p.countries.includes(m.country))
    throw new ForbiddenException(
      `${mrn} is controlled by ${m.country}: a ${p.role} reports results only for its own administration`,
    );
  return m;
}
