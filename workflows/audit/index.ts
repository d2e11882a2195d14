import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { AuditInput, AuditView } from '../../contracts';
import {
  applyChargeResult,
  applyDeadline,
  applyOpening,
  applyRecomputation,
  applyRecomputationFailure,
  applySlaBreach,
  isClosed,
  outstanding,
} from '../../domain/audit';
import { fmt } from '../../domain/money';
import { nowIso } from '../shell/case';
import { waitWithSla } from '../shell/sla';
import { installHandlers } from './handlers';
import { acts, commit, engine, newRun, publish, unpublished, type Run } from './run';

/**
 * Post-entry audit (`audit/<auditId>`): notice, document requests with reminder, one extension and
 * escalation on silence, or a field visit; findings recomputed by the duty engine (an activity); draft
 * report and comments period; final assessment and appeal window; appeal; collection by payment or
 * guarantee; closed. Commands are updates (handlers.ts, rules in domain/audit); this loop publishes
 * what changed, runs the recomputation and the guarantee charge, and times each waiting state's
 * business deadline and SLA. See docs/audit.md.
 */
export async function auditWorkflow(input: AuditInput): Promise<AuditView> {
  const r = newRun(input);
  installHandlers(r);
  commit(r, applyOpening(r.c, nowIso()));

  for (;;) {
    await publish(r);
    if (unpublished(r)) continue;
    if (isClosed(r.c)) break;
    if (r.c.recompute) {
      await recompute(r);
      continue;
    }
    if (r.c.charge) {
      await charge(r);
      continue;
    }
    const woke = await waitWithSla(r.c.waiting, () => unpublished(r), {
      rescheduled: () => r.c.rescheduled,
      clearRescheduled: () => {
        r.c.rescheduled = false;
      },
      breach: async (_w, n) => {
        commit(r, applySlaBreach(r.c, n, nowIso()));
        await publish(r);
      },
    });
    if (woke === 'deadline') commit(r, applyDeadline(r.c, nowIso()));
  }
  return r.c.view;
}

/** A failure no retry changes: reference data missing for a corrected item, or a guarantee refusal. */
function failedForGood(err: unknown): string | undefined {
  const f = err instanceof ActivityFailure ? err.cause : err;
  return f instanceof ApplicationFailure && f.nonRetryable ? f.message : undefined;
}

async function recompute(r: Run): Promise<void> {
  const request = {
    country: r.input.country,
    currency: r.input.currency,
    declarations: r.input.declarations,
    findings: r.c.recompute!.findings,
  };
  try {
    const result = await engine.recomputeAuditFindings(request);
    commit(r, applyRecomputation(r.c, result, nowIso()));
  } catch (err) {
    const reason = failedForGood(err);
    if (reason === undefined) throw err;
    commit(r, applyRecomputationFailure(r.c, reason, nowIso()));
  }
}

async function charge(r: Run): Promise<void> {
  const ch = r.c.charge!;
  const request = {
    grn: ch.grn,
    accessCode: ch.accessCode,
    key: r.caseId,
    amount: fmt(outstanding(r.c), r.c.view.assessment?.scale ?? 2),
    currency: r.c.view.currency,
    country: r.input.country,
    office: r.input.office,
  };
  try {
    commit(r, applyChargeResult(r.c, await acts.chargeAuditOnGuarantee(request), nowIso()));
  } catch (err) {
    const reason = failedForGood(err);
    if (reason === undefined) throw err;
    commit(r, applyChargeResult(r.c, { ok: false, reason }, nowIso()));
  }
}
