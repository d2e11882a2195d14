import { workflowInfo } from '@temporalio/workflow';
import { caseActivities } from '../shell/proxies';
import { CaseKind, CaseState, Country, Stuck, StuckSince } from '../../contracts';
import { guaranteeState, type GuaranteeState } from '../../domain/guarantee/lifecycle';
import type { GuaranteeInput } from '../../contracts';
import { CaseShell, type ShellCase } from '../shell/case';
import { shellGuard, untilDone } from '../shell/failed-step';

export const { projectCase, enqueueExchangeMessages } = caseActivities;

/** One run (one continue-as-new generation) of a guarantee: its state and its case shell. */
export interface GuaranteeRun {
  input: GuaranteeInput;
  caseId: string;
  g: GuaranteeState;
  shell: CaseShell<ShellCase>;
  /** A signal changed the lifecycle: the main loop republishes and re-arms its timers. */
  lifecycleChanged: boolean;
  /** Wrong access codes are counted and lock the guarantee (`guarantee-access-code-lockout`). */
  lockout: boolean;
  /** A write that fails for good marks the guarantee stuck until retried (`guarantee-stuck-on-failed-write`). */
  guarded: boolean;
}

export function newGuaranteeRun(
  input: GuaranteeInput,
  patches: { lockout: boolean; guarded: boolean },
): GuaranteeRun {
  const caseId = workflowInfo().workflowId;
  const g = guaranteeState(input);
  // The guarantee's view (`caseView`) is the ledger's balance; the shell sees the same timeline and
  // reads the state from the ledger. No SLA here: only a step that failed for good marks it stuck.
  const kase: ShellCase = {
    caseId,
    kind: 'guarantee',
    get state() {
      return g.ledger.status;
    },
    stuck: false,
    timeline: g.timeline,
  };
  const shell = new CaseShell(kase, {
    attributes: () => [
      { key: CaseKind, value: 'guarantee' },
      { key: CaseState, value: g.ledger.status },
      { key: Country, value: g.ledger.grn.slice(2, 4) },
      { key: Stuck, value: kase.stuck },
      // Runs started before the guard never set StuckSince: their histories upsert without it.
      ...(patches.guarded
        ? [{ key: StuckSince, value: kase.stuckSince ? new Date(kase.stuckSince) : null }]
        : []),
    ],
    columns: () => ({
      businessId: g.ledger.grn,
      country: g.ledger.grn.slice(2, 4),
      declarant: g.ledger.holder.tin ?? g.ledger.holder.name,
      owner: input.registeredBy,
      details: { generation: g.generation },
    }),
  });
  return { input, caseId, g, shell, lifecycleChanged: false, ...patches };
}

export async function publish(run: GuaranteeRun): Promise<void> {
  run.shell.upsertAttributes();
  if (!run.guarded) return projectCase(run.shell.projection());
  await step(run, 'read-model write', () => run.shell.project((p) => projectCase(p)));
}

/**
 * One activity of the guarantee. In guarded runs, one that fails for good (a data error) marks the
 * guarantee stuck with the reason until a supervisor retries it (shell/failed-step.ts).
 */
export function step<T>(run: GuaranteeRun, name: string, attempt: () => Promise<T>): Promise<T> {
  return run.guarded ? untilDone(name, attempt, shellGuard(run.shell)) : attempt();
}
