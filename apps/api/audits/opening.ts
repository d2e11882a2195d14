import { ConflictException } from '@nestjs/common';
import type { Pool } from 'pg';
import type { AuditInput } from '../../../contracts/audit';
import type { DeclarationView } from '../../../contracts/declaration';
import { auditIdOf } from '../../../activities/selection';
import { auditedDeclarationOf, notAuditable, releasedAtOf } from '../../../activities/selection/open';
import type { AuditPolicy } from '../../../activities/selection/policy';
import type { OpenAudit } from '../../../domain/schemas/audit';
import type { FieldIssue } from '../../../domain/validation';
import { inScope, type Principal } from '../auth/tokens';
import { ValidationFailed } from '../common/errors';
import { canonicalJson } from '../declarations/identity';

export interface OpeningDeps {
  pool: Pool;
  policy: AuditPolicy;
  declaration(mrn: string): Promise<DeclarationView | undefined>;
}

const DAY_MS = 86_400_000;

/**
 * The audit a request opens, or why not, before anything is started: unknown declarations (or ones
 * outside the caller's countries) are a 400 naming each; declarations of several administrations or
 * traders a 400; one not released, without a duty assessment, or released longer ago than its
 * administration's limitation period a 409 with the reason. The audit's id derives from the
 * request, so the same request again names the same audit.
 */
export async function openingOf(
  req: OpenAudit,
  principal: Principal,
  now: Date,
  deps: OpeningDeps,
): Promise<AuditInput> {
  const mrns = req.declarations ?? (await releasedInPeriod(req, principal, deps.pool));
  const views = await Promise.all(mrns.map((m) => deps.declaration(m)));
  const issues: FieldIssue[] = [];
  views.forEach((v, i) => {
    if (!v || !inScope(principal, v.country))
      issues.push({ path: `declarations[${i}]`, message: `no declaration ${mrns[i]}`, code: 'not_found' });
  });
  if (issues.length) throw new ValidationFailed(issues, 'the audit request names unknown declarations');
  const found = views as DeclarationView[];
  const [first] = found;
  if (found.some((v) => v.country !== first.country))
    throw fieldError('declarations', 'the declarations belong to several administrations: one audit each');
  if (found.some((v) => v.declarant !== first.declarant))
    throw fieldError('declarations', 'the declarations belong to several traders: one audit each');

  const limitationMs = deps.policy.limitationMs(first.country);
  for (const v of found) {
    const why = notAuditable(v);
    if (why) throw new ConflictException(why);
    const releasedAt = releasedAtOf(v)!;
    if (now.getTime() - Date.parse(releasedAt) > limitationMs)
      throw new ConflictException(
        `declaration ${v.mrn} was released on ${releasedAt.slice(0, 10)}, more than ${Math.round(limitationMs / DAY_MS)} days ago: past the limitation period of ${v.country}, it can no longer be reassessed`,
      );
  }
  const declarations = found.map(auditedDeclarationOf);
  return {
    auditId: auditIdOf(first.country, `request|${canonicalJson(req)}`),
    country: first.country,
    office: first.office,
    owner: first.lodgedBy,
    declarant: first.declarant,
    source: 'REQUEST',
    kind: req.kind,
    currency: declarations[0].currency,
    declarations,
    auditor: req.auditor ?? (principal.role === 'auditor' ? principal.sub : 'unassigned'),
    requestedBy: principal.sub,
    reason: req.reason,
    openedAt: now.toISOString(),
    settings: deps.policy.settings(first.country, first.office),
  };
}

/** The MRNs of the trader's declarations released in the period, in the caller's countries (read model). */
async function releasedInPeriod(req: OpenAudit, principal: Principal, pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ business_id: string }>(
    `SELECT c.business_id FROM cases c
      WHERE c.kind = 'declaration' AND c.declarant = $1 AND c.country = ANY($2::text[])
        AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.case_id AND e.state = 'RELEASED'
                     AND e.at >= $3::date AND e.at < $4::date + 1)
      ORDER BY c.business_id LIMIT 50`,
    [req.trader!.tin, principal.countries, req.period!.from, req.period!.to],
  );
  if (rows.length === 0)
    throw fieldError(
      'trader.tin',
      `no declaration of ${req.trader!.tin} released in the period in your countries`,
    );
  return rows.map((r) => r.business_id);
}

const fieldError = (path: string, message: string) =>
  new ValidationFailed([{ path, message, code: 'invalid' }], `the audit request is not valid: ${message}`);
