import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import {
  applyDutiesAssessed,
  applyRiskDecision,
  dutiesReason,
  settleChannel,
  type AssessedDuties,
  type RiskDecision,
} from '../../domain/declaration';
import type { Declaration } from '../../domain/schemas/declaration';
import { nowIso } from '../shell/case';
import { acts, local, localScoring, scoring } from './proxies';
import { handleChannel } from './channel';
import { awaitPayment } from './payment';
import { commit, endInvalidated, enter, publish, transition, type Outcome, type Run } from './run';
import { waitIn } from './wait';

/**
 * One pass from risk to release: reference validation after an amendment, risk, the channel and its
 * control, duties and payment. 'restart' after an amendment or an intelligence hit forcing RED.
 */
export async function clearance(r: Run): Promise<Outcome> {
  const c = r.c;
  const why = c.restart;
  c.restart = undefined;
  if (why === 'amendment') {
    const v = await (r.lean ? local : acts).validateDeclarationReferences(c.view.declaration);
    if (c.invalidation) return endInvalidated(r);
    if (!v.ok)
      return hold(
        r,
        `amended declaration not valid: ${v.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      );
  }
  if (c.restart) return 'restart';

  const previous = c.view.channel;
  let engine: RiskDecision['channel'] | undefined;
  if (c.needRisk) {
    const request = {
      declaration: c.view.declaration,
      mrn: r.input.mrn,
      seed: r.caseId, // the workflow id: the same draw on every replay and after every amendment
      office: c.view.office,
      acceptanceDate: c.acceptanceDate,
      eventKey: `${r.caseId}/risk/${c.riskRound + 1}`,
    };
    let decision: RiskDecision;
    if (r.oneAssessment && !why) {
      const result = await localScoring.assessDeclaration(request, c.acceptanceDate);
      r.prefetched = { declaration: request.declaration, result };
      decision = result.risk;
    } else decision = await (r.lean ? localScoring : scoring).assessDeclarationRisk(request);
    commit(r, applyRiskDecision(c, decision));
    engine = decision.channel;
  }
  const settled = settleChannel(c, engine, previous, !!why);
  c.view.channelReasons.push(...settled.reasons);
  if (c.restart) return 'restart';
  if (c.invalidation) return endInvalidated(r);
  c.view.channel = settled.channel;
  const risk = c.view.risk;
  const score = risk ? ` (score ${risk.score}${risk.randomlySelected ? ', randomly selected' : ''})` : '';
  transition(r, 'RISK_ASSESSED', 'system', `channel ${settled.channel}${score}`);
  await publish(r, 'risk-decision');

  const routed = await handleChannel(r);
  if (routed !== 'duties') return routed;
  return duties(r);
}

async function duties(r: Run): Promise<Outcome> {
  const c = r.c;
  const pre = prefetched(r);
  let assessed: AssessedDuties;
  if (pre && 'dutiesRefused' in pre) return hold(r, `duties could not be assessed: ${pre.dutiesRefused}`);
  if (pre) assessed = pre.duties;
  else
    try {
      assessed = await assess(r, c.view.declaration, c.acceptanceDate);
    } catch (err) {
      const failure = dataFailure(err);
      if (failure) return hold(r, `duties could not be assessed: ${failure.message}`);
      throw err;
    }
  if (c.restart) return 'restart';
  if (c.invalidation) return endInvalidated(r);
  commit(r, applyDutiesAssessed(c, assessed, nowIso()));
  transition(r, 'DUTIES_ASSESSED', 'system', dutiesReason(c));
  await publish(r, 'duties-assessed');
  return awaitPayment(r);
}

/**
 * The first pass's duties, taken once, when the case went straight through the green lane on the
 * declaration they were assessed on. After a control, a query or a re-routing they are assessed
 * again: the declaration may have been corrected, and reference data fixed in the meantime counts.
 */
function prefetched(r: Run) {
  const pre = r.prefetched;
  r.prefetched = undefined;
  const fresh = pre && pre.declaration === r.c.view.declaration && r.c.view.channel === 'GREEN';
  return fresh ? pre.result : undefined;
}

/**
 * A non-retryable failure (missing reference data): an activity's comes wrapped in an
 * ActivityFailure, a local activity's as it was thrown.
 */
function dataFailure(err: unknown): ApplicationFailure | undefined {
  const f = err instanceof ActivityFailure ? err.cause : err;
  return f instanceof ApplicationFailure && f.nonRetryable ? f : undefined;
}

const assess = (r: Run, d: Declaration, acceptanceDate: string) =>
  (r.lean ? localScoring : scoring).assessDeclarationDuties(d, acceptanceDate);

/** Waits for an amendment (or an invalidation) after the declaration could not go on. */
async function hold(r: Run, reason: string): Promise<Outcome> {
  enter(r, 'HELD', reason, { action: 'amend the declaration', by: 'declarant' });
  await publish(r, 'held');
  await waitIn(r, () => !!r.c.restart || !!r.c.invalidation);
  if (r.c.invalidation) return endInvalidated(r);
  return 'restart';
}
