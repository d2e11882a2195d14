import {
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Declaration } from '../domain/schemas/declaration';
import type { createActivities } from '../activities';
import {
  CaseKind,
  CaseState,
  Country,
  Office,
  Stuck,
  StuckSince,
  caseView,
  recordOfficerDecision,
  type DeclarationView,
  type OfficerDecision,
} from './messages';
import type { TimelineEvent } from './timeline';

export interface DeclarationSettings {
  /** SLA for a waiting state; on breach the case is marked stuck, on a second breach escalated. */
  slaMs: number;
}

export interface DeclarationInput {
  mrn: string;
  declaration: Declaration;
  payloadHash: string;
  lodgedAt: string;
  lodgedBy: string;
  settings: DeclarationSettings;
}

const { projectCase } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', maximumInterval: '1m', backoffCoefficient: 2 },
});

const nowIso = () => new Date(Date.now()).toISOString(); // workflow time: deterministic in replay

export async function declarationWorkflow(input: DeclarationInput): Promise<DeclarationView> {
  const d = input.declaration;
  const view: DeclarationView = {
    caseId: workflowInfo().workflowId,
    kind: 'declaration',
    mrn: input.mrn,
    lrn: d.lrn,
    declarant: d.declarant.tin ?? d.declarant.name,
    office: d.officeOfDeclaration,
    country: d.officeOfDeclaration.slice(0, 2),
    type: d.type,
    state: 'LODGED',
    stuck: false,
    escalations: 0,
    payloadHash: input.payloadHash,
    timeline: [],
  };
  let decision: OfficerDecision | undefined;

  setHandler(caseView, () => view);
  setHandler(
    recordOfficerDecision,
    (cmd) => {
      decision = cmd;
      record({ type: 'control-result', actor: cmd.officer, reason: cmd.reason, data: { result: cmd.result } });
      return view;
    },
    {
      validator: (cmd) => {
        if (view.state !== 'ACCEPTED') throw new Error(`no decision is pending: the case is ${view.state}`);
        if (cmd.office !== view.office) throw new Error(`office ${cmd.office} does not handle this case (${view.office})`);
        if (cmd.result !== 'CONFORM' && cmd.result !== 'NON_CONFORM') throw new Error(`unknown result ${String(cmd.result)}`);
      },
    },
  );

  function record(e: Omit<TimelineEvent, 'seq' | 'at'>) {
    view.timeline.push({ seq: view.timeline.length + 1, at: nowIso(), ...e });
  }
  function transition(state: string, actor: string, reason: string) {
    view.state = state;
    record({ type: 'state', state, actor, reason });
  }
  async function project() {
    await projectCase(view);
  }

  transition('LODGED', input.lodgedBy, 'declaration lodged');
  transition('ACCEPTED', 'system', `valid; MRN ${input.mrn} allocated`);
  updateSearchAttributes();
  await project();

  view.pending = { action: 'record officer decision', by: 'officer' };
  await waitWithSla(() => decision !== undefined);
  view.pending = undefined;
  transition(decision!.result === 'CONFORM' ? 'RELEASED' : 'NOT_RELEASED', decision!.officer, decision!.reason ?? decision!.result);
  clearStuck();
  updateSearchAttributes();
  await project();
  return view;

  /**
   * Waits for `done`. The first SLA breach marks the case stuck and notifies the supervisor; the
   * second escalates it. After that the case is in a supervisor's hands and waits without a timer.
   */
  async function waitWithSla(done: () => boolean): Promise<void> {
    const sla = input.settings.slaMs;
    for (let breaches = 0; breaches < 2; breaches++) {
      if (view.pending) view.pending.deadline = new Date(Date.now() + sla).toISOString();
      if (await condition(done, sla)) return;
      if (breaches === 0) {
        view.stuck = true;
        view.stuckSince = nowIso();
        record({ type: 'sla-breach', state: view.state, actor: 'system', reason: `no progress in ${view.state} within SLA` });
      } else {
        view.escalations += 1;
        record({ type: 'escalated', state: view.state, actor: 'system', reason: `SLA breached again in ${view.state}` });
      }
      updateSearchAttributes();
      await project();
    }
    await condition(done);
  }
  function clearStuck() {
    view.stuck = false;
    view.stuckSince = undefined;
  }
  function updateSearchAttributes() {
    upsertSearchAttributes([
      { key: CaseKind, value: 'declaration' },
      { key: CaseState, value: view.state },
      { key: Office, value: view.office },
      { key: Country, value: view.country },
      { key: Stuck, value: view.stuck },
      { key: StuckSince, value: view.stuckSince ? new Date(view.stuckSince) : null },
    ]);
  }
}
