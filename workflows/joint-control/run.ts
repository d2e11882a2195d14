import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../shell/proxies';
import {
  CaseKind,
  CaseState,
  Channel,
  Country,
  Office,
  Stuck,
  StuckSince,
  type JointControlInput,
  type JointControlView,
} from '../../contracts';
import { newJointCase, type JointCase } from '../../domain/joint-control/case';
import { CaseShell } from '../shell/case';
import { replaceContents } from '../shell/live';
import { publishRun } from '../shell/publish';
export { unpublished } from '../shell/publish';

export { caseActivities as acts } from '../shell/proxies';
/** A side without a risk profile or selection key fails for good: no retry makes one appear. */
export const risk = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: {
    initialInterval: '1s',
    maximumInterval: '30s',
    backoffCoefficient: 2,
    nonRetryableErrorTypes: ['RiskProfileNotFound', 'RiskProfileInvalid', 'RiskSelectionKeyMissing'],
  },
});

/** One joint control run: the live case value and its shell (search attributes, read-model projection). */
export interface Run {
  input: JointControlInput;
  caseId: string;
  c: JointCase;
  shell: CaseShell<JointControlView>;
  /** The timeline length the last read-model write covered. */
  published: number;
  /** A failed side decision marks the case stuck (`joint-control-stuck-on-failed-decision`). */
  guarded: boolean;
}

export function newRun(input: JointControlInput, guarded: boolean): Run {
  const caseId = workflowInfo().workflowId;
  const c = newJointCase(input, caseId);
  const shell = new CaseShell<JointControlView>(c.view, {
    attributes: (v) => [
      { key: CaseKind, value: 'joint-control' },
      { key: CaseState, value: v.state },
      { key: Office, value: v.exit.office },
      { key: Country, value: v.exit.country },
      { key: Stuck, value: v.stuck },
      { key: StuckSince, value: v.stuckSince ? new Date(v.stuckSince) : null },
      ...(v.channel ? [{ key: Channel, value: v.channel }] : []),
    ],
    columns: (v) => ({
      businessId: v.mrn,
      ...(v.channel ? { channel: v.channel } : {}),
      office: v.exit.office,
      country: v.exit.country,
      declarant: v.movement.holderTin,
      details: {
        border: v.border,
        exit: v.exit,
        entry: v.entry,
        arrivedAt: v.arrivedAt,
        noStop: v.noStop ?? false,
        ...(v.exitConfirmedAt ? { exitConfirmedAt: v.exitConfirmedAt } : {}),
        ...(v.entryDecidedAt ? { entryDecidedAt: v.entryDecidedAt } : {}),
      },
    }),
  });
  return { input, caseId, c, shell, published: 0, guarded };
}

/** Takes the value a pure apply returned as the current state (the query and the shell see it). */
export function commit(r: Run, next: JointCase): void {
  replaceContents(r.c, next, ['view']);
}

/** The read model, search attributes and messages of the last changes (workflows/shell/publish.ts). */
export const publish = (r: Run): Promise<void> => publishRun(r, (next) => commit(r, next));
