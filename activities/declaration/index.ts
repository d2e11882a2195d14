import type { Pool } from 'pg';
import type { Assessment } from '../../domain/duties';
import type { Explained } from '../../domain/explain';
import { nonRetryableAssessment } from '../assessment-failure';
import type { Declaration } from '../../domain/schemas/declaration';
import type { FieldIssue } from '../../domain/validation';
import { enqueueOutbox, type OutboxEntry } from '../outbox';
import { createReferenceActivities } from '../reference';
import { ApplicationFailure, getClient } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import {
  createRiskActivities,
  type RiskAssessment,
  type RiskAssessmentRequest,
  type RiskOutcomeRequest,
  type RiskSource,
} from '../risk';
import type { SelectionKeyOf } from '../../config/secrets';
import { withAlertFacts } from '../../domain/alert/risk-facts';
import { declarationSubjects } from '../../domain/alert/subject';
import { ALERT_HIT_PREFIX, controlResultToAlerts } from '../alert/feedback';
import { indexCaseGoods } from '../alert/goods';
import { alertsMatchingLodgement } from '../alert/lodgement';

export type { OutboxEntry } from '../outbox';

/**
 * Risk and duties of a declaration's first pass, from one local activity (`assessDeclaration`):
 * duties that cannot be assessed (missing reference data) do not undo the risk decision, they come
 * back as `dutiesRefused` and the case is held when it reaches duties, as it was.
 */
export type DeclarationAssessment = { risk: RiskAssessment } & (
  { duties: Explained<Assessment> } | { dutiesRefused: string }
);

/** The risk decision, then the duties; a non-retryable duties failure is returned, not thrown. */
export async function riskThenDuties(
  risk: () => Promise<RiskAssessment>,
  duties: () => Promise<Explained<Assessment>>,
): Promise<DeclarationAssessment> {
  const decision = await risk();
  try {
    return { risk: decision, duties: await duties() };
  } catch (err) {
    if (err instanceof ApplicationFailure && err.nonRetryable)
      return { risk: decision, dutiesRefused: err.message };
    throw err;
  }
}

export interface SupervisorNotice {
  caseId: string;
  mrn: string;
  office: string;
  state: string;
  kind: 'stuck' | 'escalated';
  /** Timeline sequence of the breach: with the case id it makes the message id. */
  seq: number;
  at: string;
  reason: string;
}

export interface DeclarationActivityDeps {
  pool: Pool;
  /** Risk profiles, facts context and statistics; PostgreSQL (`pgRiskSource`) unless given. */
  riskSource?: RiskSource;
  /** Each administration's random-selection key (config/secrets.ts). */
  selectionKey: SelectionKeyOf;
  /** Defaults to the worker's client (`getClient()` inside the activity). */
  client?: Client;
}

/**
 * The activities of the declaration process: validation and duty assessment over the reference data
 * in PostgreSQL, risk scoring, supervisor notifications and decisions to clearance systems through
 * the outbox. Names are prefixed so they never collide with other processes' activities.
 */
export function createDeclarationActivities(deps: DeclarationActivityDeps) {
  const reference = createReferenceActivities({ pool: deps.pool });
  const risk = createRiskActivities({
    pool: deps.pool,
    selectionKey: deps.selectionKey,
    ...(deps.riskSource ? { source: deps.riskSource } : {}),
  });
  const activities = {
    ...risk,
    /**
     * The engine's decision, with the active intelligence alerts the declaration matches as risk
     * facts (docs/alerts.md): each alert records the match, and forces at least its channel. The
     * goods as lodged or amended enter the goods index, where a commodity alert raised later finds
     * them.
     */
    async assessDeclarationRisk(req: RiskAssessmentRequest): Promise<RiskAssessment> {
      const decision = await risk.assessDeclarationRisk(req);
      const country = req.office.slice(0, 2);
      const match = {
        caseId: `declaration/${req.mrn}`,
        kind: 'declaration' as const,
        mrn: req.mrn,
        country,
        route: [country],
      };
      const facts = declarationSubjects(req.declaration);
      const alerts = await alertsMatchingLodgement(deps.pool, deps.client ?? getClient(), facts, match);
      await indexCaseGoods(deps.pool, match.caseId, facts.goods);
      return { ...withAlertFacts(decision, alerts), seed: decision.seed };
    },
    /**
     * Rule hit rates learn from the control; alerts among the hits are no profile rules. The alerts
     * among the hits, and those whose intelligence hit forced the control, get the result as their
     * match's (activities/alert/feedback.ts).
     */
    async recordRiskControlOutcome(req: RiskOutcomeRequest): Promise<void> {
      const rules = req.ruleIds.filter((id) => !id.startsWith(ALERT_HIT_PREFIX));
      await risk.recordRiskControlOutcome({ ...req, ruleIds: rules });
      await controlResultToAlerts(deps.client ?? getClient(), deps.pool, req);
    },
    /** Re-validates an (amended) declaration against the reference data: HS codes, offices. */
    async validateDeclarationReferences(decl: Declaration): Promise<{ ok: boolean; issues: FieldIssue[] }> {
      const res = await reference.validateDeclaration(decl);
      return res.ok ? { ok: true, issues: [] } : { ok: false, issues: res.issues };
    },
    /**
     * Risk, then duties, in one activity: the first pass of runs since `declaration-one-assessment`
     * takes both in one step (one activation and one marker fewer). A retry repeats the risk
     * decision, which is decided once by its event key.
     */
    async assessDeclaration(
      req: RiskAssessmentRequest,
      acceptanceDate: string,
    ): Promise<DeclarationAssessment> {
      return riskThenDuties(
        () => activities.assessDeclarationRisk(req),
        () => activities.assessDeclarationDuties(req.declaration, acceptanceDate),
      );
    },
    /** Customs value, duties and taxes with their explanation; missing reference data is not retried. */
    async assessDeclarationDuties(decl: Declaration, acceptanceDate: string): Promise<Explained<Assessment>> {
      try {
        return await reference.assessDeclaration(decl, acceptanceDate);
      } catch (err) {
        throw nonRetryableAssessment(err);
      }
    },
    /** Decisions and notices into the outbox (idempotent by message id). */
    async enqueueDeclarationMessages(entries: OutboxEntry[]): Promise<number> {
      return enqueueOutbox(deps.pool, entries);
    },
    /** The supervisor of the office hears about a stuck or escalated case (outbox `supervisor:<office>`). */
    async notifySupervisor(n: SupervisorNotice): Promise<void> {
      await enqueueOutbox(deps.pool, [
        {
          messageId: `${n.caseId}/${n.kind}/${n.seq}`,
          caseId: n.caseId,
          destination: `supervisor:${n.office}`,
          type: `case-${n.kind}`,
          payload: { ...n },
        },
      ]);
    },
  };
  return activities;
}
