import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import { CaseKind, CaseState, Country, Stuck } from '../../contracts';
import { guaranteeState, type GuaranteeState } from '../../domain/guarantee/lifecycle';
import type { GuaranteeInput } from '../../contracts';
import { CaseShell, type ShellCase } from '../shell/case';

export const { projectCase, enqueueExchangeMessages } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

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
}

export function newGuaranteeRun(input: GuaranteeInput, lockout: boolean): GuaranteeRun {
  const caseId = workflowInfo().workflowId;
  const g = guaranteeState(input);
  // The guarantee's view (`caseView`) is the ledger's balance; the shell sees the same timeline and
  // reads the state from the ledger, so the case view keeps its shape (no stuck flag: no SLA here).
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
      { key: Stuck, value: false },
    ],
    columns: () => ({
      businessId: g.ledger.grn,
      country: g.ledger.grn.slice(2, 4),
      declarant: g.ledger.holder.tin ?? g.ledger.holder.name,
      owner: input.registeredBy,
      details: { generation: g.generation },
    }),
  });
  return { input, caseId, g, shell, lifecycleChanged: false, lockout };
}

export async function publish(run: GuaranteeRun): Promise<void> {
  run.shell.upsertAttributes();
  await projectCase(run.shell.projection());
}
