import type { AlertWatch } from './alerts';
import { workflowInfo } from '@temporalio/workflow';
import {
  CaseKind,
  CaseState,
  Channel,
  Country,
  Office,
  Stuck,
  StuckSince,
  type TransitInput,
  type TransitView,
} from '../../contracts';
import { newMovement, type Entry, type MovementState } from '../../domain/transit/movement';
import type { TransitState } from '../../domain/transit/rules';
import { transitSubjects } from '../../domain/transit/alert-holds';
import { subjectAttributes } from '../alert/subjects';
import { CaseShell } from '../shell/case';
import { shellGuard, untilDone } from '../shell/failed-step';
import { acts } from './proxies';

/** The behaviour a run started with, each decided once by its patch (index.ts). */
export interface TransitPatches {
  /** `transit-receiving-office`: the office of destination's process hears the movement. */
  receivingSide: boolean;
  /** `transit-sla`: waiting states run an SLA (and StuckSince is a search attribute). */
  slaOn: boolean;
  /** `transit-stuck-on-failed-write`: an activity that fails for good marks the movement stuck until retried. */
  guarded: boolean;
  /** `transit-intelligence-alerts`: vehicle, containers and holder TIN are search attributes (alerts.ts). */
  alertsOn: boolean;
  /** `transit-invalidation`: the holder may invalidate the declaration before release (IE014 -> IE009). */
  invalidation: boolean;
  /** `transit-ncts-webhook`: the outbound NCTS messages also go to the owning clearance system's webhook. */
  nctsWebhook: boolean;
  /** `transit-prelodged-presentation`: a pre-lodged declaration waits for its goods (IE170). */
  presentation: boolean;
}

/** One run of a movement: its input, its state, its case shell and the behaviour it started with. */
export interface Run extends TransitPatches {
  input: TransitInput;
  caseId: string;
  s: MovementState;
  shell: CaseShell<TransitView>;
  /** Timeline entries already looked at for NCTS messages. */
  nctsSeen: number;
  /** Alert holds and seals alerts to raise, in runs with alerts (alerts.ts). */
  alertWatch?: AlertWatch;
}

export function newRun(input: TransitInput, patches: TransitPatches): Run {
  const caseId = workflowInfo().workflowId;
  const s = newMovement(input, caseId);
  const shell = new CaseShell<TransitView>(s.view, {
    attributes: (v) => [
      { key: CaseKind, value: 'transit' },
      { key: CaseState, value: v.state },
      { key: Office, value: v.office },
      { key: Country, value: v.country },
      { key: Stuck, value: v.stuck },
      // Movements started before the SLA never set StuckSince: their histories upsert without it.
      ...(patches.slaOn ? [{ key: StuckSince, value: v.stuckSince ? new Date(v.stuckSince) : null }] : []),
      ...(v.channel ? [{ key: Channel, value: v.channel }] : []),
      ...(patches.alertsOn ? subjectAttributes(transitSubjects(input.declaration)) : []),
    ],
    columns: (v) => ({
      businessId: v.mrn,
      ...(v.channel ? { channel: v.channel } : {}),
      office: v.office,
      country: v.country,
      declarant: v.declarant,
      owner: v.lodgedBy,
      lrn: v.lrn,
      details: { itinerary: v.itinerary, guarantee: v.guarantee, closure: v.closure },
    }),
  });
  return { input, caseId, s, shell, ...patches, nctsSeen: 0 };
}

export function enter(run: Run, state: TransitState, actor: string, reason: string): void {
  run.shell.enter(state, actor, reason);
  run.s.entered += 1;
}

/** Records what a domain `apply*` returned, in order; a `state` entry enters that state. */
export function commit(run: Run, entries: Entry[]): void {
  for (const e of entries) {
    if (e.type === 'state') enter(run, e.state as TransitState, e.actor, e.reason ?? '');
    else run.shell.record(e);
  }
}

/**
 * Search attributes, then the read model with what changed since the last step; then, when a state
 * was entered or an amendment accepted since, the NCTS messages to the clearance system's webhook
 * (each queued once, by its message id).
 */
export async function publish(run: Run): Promise<void> {
  run.shell.upsertAttributes();
  if (!run.guarded) return acts.projectCase(run.shell.projection());
  await step(run, 'read-model write', () => run.shell.project((p) => acts.projectCase(p)));
  if (!run.nctsWebhook) return;
  const { s, caseId, input } = run;
  const fresh = s.view.timeline.slice(run.nctsSeen).some((e) => e.type === 'state' || e.type === 'amended');
  run.nctsSeen = s.view.timeline.length;
  if (!fresh) return;
  const request = { caseId, owner: input.lodgedBy, view: s.view, declaration: s.declaration };
  await step(run, 'NCTS messages to the clearance system', () => acts.enqueueNctsMessages(request));
}

/**
 * One activity of the movement. In guarded runs, one that fails for good (a data error) marks the
 * movement stuck with the reason until a supervisor retries it (shell/failed-step.ts); older runs
 * fail as they did.
 */
export function step<T>(run: Run, name: string, attempt: () => Promise<T>): Promise<T> {
  return run.guarded ? untilDone(name, attempt, shellGuard(run.shell)) : attempt();
}
