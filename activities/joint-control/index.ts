import { ApplicationFailure, getClient } from '@temporalio/activity';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
} from '@temporalio/client';
import type { Pool } from 'pg';
import type { SelectionKeyOf } from '../../config/secrets';
import {
  recordBorderCrossing,
  type JointRiskRequest,
  type MovementCrossingOutcome,
  type MovementCrossingRequest,
  type SideDecision,
} from '../../contracts';
import { compileProfile, evaluate, parseRiskProfile, type CompiledProfile } from '../../domain/risk';
import { keyedSeed } from '../risk';
import { pgRiskSource } from '../risk/pg-source';
import type { RiskSource } from '../risk/source';
import { confirmExportExit } from './export-exit';
import { jointRiskFacts } from './facts';

export interface JointControlActivityDeps {
  pool?: Pool;
  /** Tests pass an in-memory source; production reads PostgreSQL. */
  source?: RiskSource;
  selectionKey: SelectionKeyOf;
  /** Defaults to the worker's client (`getClient()` inside the activity). */
  client?: Client;
}

const reasonOf = (err: unknown): string => {
  const e = err as { cause?: { message?: string }; message?: string };
  return e?.cause?.message ?? e?.message ?? String(err);
};

/**
 * The joint control's side effects: each side's risk decision by its own administration's active
 * profile (the engine of domain/risk over the movement's facts; kept once under its event key like a
 * declaration's), and the crossing recorded on the movement's own process (`transit/<MRN>`), or for
 * an export its exit confirmed on `declaration/<MRN>` (export-exit.ts).
 */
export function createJointControlActivities(deps: JointControlActivityDeps) {
  const source = deps.source ?? (deps.pool ? pgRiskSource(deps.pool) : undefined);
  const compiled = new Map<string, CompiledProfile>();
  return {
    async assessJointRisk(req: JointRiskRequest): Promise<SideDecision> {
      if (!source) throw new Error('createJointControlActivities needs a pool or a source');
      const { country, office } = req.side;
      const stored = await source.activeProfile(country);
      if (!stored)
        throw ApplicationFailure.nonRetryable(
          `no risk profile for country ${country}`,
          'RiskProfileNotFound',
        );
      const cacheKey = `${stored.id}@${stored.version}`;
      let profile = compiled.get(cacheKey);
      if (!profile) {
        try {
          profile = compileProfile(parseRiskProfile(stored.document));
        } catch (err) {
          throw ApplicationFailure.nonRetryable(
            `risk profile ${cacheKey} is not valid: ${(err as Error).message}`,
            'RiskProfileInvalid',
          );
        }
        compiled.set(cacheKey, profile);
      }
      const key = deps.selectionKey(country);
      if (!key)
        throw ApplicationFailure.nonRetryable(
          `no random-selection key for country ${country} (CLEARWAY_RISK_SELECTION_KEYS)`,
          'RiskSelectionKeyMissing',
        );
      const facts = jointRiskFacts(req.movement, req.goods);
      const first = evaluate(profile, facts, { seed: keyedSeed(key, req.seed), office });
      const d = await source.settle(req.eventKey, first);
      return {
        country,
        office,
        channel: d.channel,
        profileId: d.profileId,
        profileVersion: d.profileVersion,
        reasons: d.explanation,
      };
    },

    async recordMovementCrossing(req: MovementCrossingRequest): Promise<MovementCrossingOutcome> {
      if (req.kind === 'export') return confirmExportExit(deps.client ?? getClient(), req);
      const handle = (deps.client ?? getClient()).workflow.getHandle(`transit/${req.mrn}`);
      try {
        const upd = await handle.startUpdate(recordBorderCrossing, {
          args: [
            {
              office: req.office,
              officer: req.officer,
              sealsIntact: req.sealsIntact,
              jointControl: req.jointControl,
            },
          ],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
        await upd.result();
        return { ok: true };
      } catch (err) {
        const reason = reasonOf(err);
        // A retried attempt whose first one went through finds the crossing recorded: that is done.
        if (err instanceof WorkflowUpdateFailedError)
          return /already recorded/.test(reason) ? { ok: true } : { ok: false, reason };
        if (err instanceof WorkflowNotFoundError || /already completed/i.test(reason))
          return { ok: false, reason: `the movement's process is not open: ${reason}` };
        throw err;
      }
    },
  };
}
