import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createJointControlActivities } from '../../activities/joint-control';
import { memoryRiskSource } from '../../activities/risk';
import { demoRiskProfiles } from '../../activities/risk/profiles';
import {
  jointControlView,
  type JointControlInput,
  type JointControlView,
  type MovementCrossingOutcome,
  type MovementCrossingRequest,
  type SideDecision,
} from '../../contracts';
import type { CaseProjection, OutboxMessage } from '../../contracts/projection';
import type { jointControlWorkflow } from '../../workflows/joint-control';
import { bundlePath, eventually, uniqueQueue, send as sendUpdate } from '../support/temporal';

/** Shared by the joint-control unit and workflow tests: a movement at the Khorgos posts, CN to KZ. */
export const MRN = '26CN00000000000019';
export const HOUR = 3_600_000;

export function jointInput(overrides: Partial<JointControlInput['movement']> = {}): JointControlInput {
  return {
    border: 'KHORGOS',
    exit: { office: 'CNKHO001', country: 'CN' },
    entry: { office: 'KZKHO001', country: 'KZ' },
    movement: {
      kind: 'transit',
      mrn: MRN,
      holderTin: 'CN91650100MA7XYZ12',
      holderName: 'Urumqi Freight Forwarding Co.',
      aeo: false,
      seals: ['CNS000101'],
      sealsIntact: true,
      routeCountries: ['CN', 'KZ'],
      containers: [],
      ...overrides,
    },
    goods: { items: [{ seq: 1, hsCode: '640299' }], documentCodes: ['N380'] },
    arrivedBy: 'cn-officer',
    arrivedAt: '2026-12-02T08:00:00.000Z',
    settings: { slaMs: 4 * HOUR },
  };
}

export const decision = (
  country: string,
  channel: SideDecision['channel'],
  reasons: string[] = [],
): SideDecision => ({
  country,
  office: country === 'CN' ? 'CNKHO001' : 'KZKHO001',
  channel,
  profileId: country === 'KZ' ? 'demo-kz' : 'demo-region',
  profileVersion: 3,
  reasons,
});

/** The demo profiles (KZ's own, the regional one for CN), without random selection: decisions follow the facts. */
export function demoProfilesWithoutRandom(): Record<string, unknown> {
  const byId = new Map(demoRiskProfiles().map((p) => [p.id, p]));
  const none = (id: string) => {
    const p = byId.get(id)!;
    const zero = <R extends { rate: number }>(r: R): R => ({ ...r, rate: 0 });
    const offices = Object.entries(p.randomSelection.offices ?? {}).map(([k, v]) => [k, zero(v)]);
    return {
      ...p,
      randomSelection: {
        ...p.randomSelection,
        default: zero(p.randomSelection.default),
        offices: Object.fromEntries(offices),
      },
    };
  };
  return { KZ: none('demo-kz'), '*': none('demo-region') };
}

export interface JointHarness {
  taskQueue: string;
  outbox: OutboxMessage[];
  crossings: MovementCrossingRequest[];
}

/**
 * A worker with the real joint-control risk activity (the demo profiles in memory) and small local
 * stand-ins for the read model and the movement's process (`refuse` makes it refuse a crossing).
 */
export async function withJointWorker<T>(
  env: TestWorkflowEnvironment,
  fn: (h: JointHarness) => Promise<T>,
  opts: {
    refuse?: (r: MovementCrossingRequest) => string | undefined;
    /** Records the crossing for real (an export's exit on its declaration workflow). */
    record?: (r: MovementCrossingRequest) => Promise<MovementCrossingOutcome>;
    /** Wraps the real side decision (e.g. a side whose profile is missing for a while). */
    assess?: (real: JointAssess) => JointAssess;
  } = {},
): Promise<T> {
  const taskQueue = uniqueQueue('joint');
  const outbox: OutboxMessage[] = [];
  const crossings: MovementCrossingRequest[] = [];
  const real = createJointControlActivities({
    source: memoryRiskSource(demoProfilesWithoutRandom()),
    selectionKey: () => Buffer.from('joint-control-test-key'),
  }).assessJointRisk;
  const assessJointRisk = opts.assess ? opts.assess(real) : real;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: bundlePath() },
    activities: {
      assessJointRisk,
      recordMovementCrossing: async (r: MovementCrossingRequest) => {
        const reason = opts.refuse?.(r);
        if (reason) return { ok: false, reason };
        crossings.push(r);
        return opts.record ? opts.record(r) : { ok: true };
      },
      publishCase: async (_p: CaseProjection, messages: OutboxMessage[]) => {
        for (const m of messages) if (!outbox.some((o) => o.messageId === m.messageId)) outbox.push(m);
      },
    },
  });
  return worker.runUntil(fn({ taskQueue, outbox, crossings }));
}

type JointAssess = ReturnType<typeof createJointControlActivities>['assessJointRisk'];

let counter = 0;
export function startJoint(env: TestWorkflowEnvironment, taskQueue: string, input: JointControlInput) {
  const id = `joint-control/${input.border}/${input.movement.mrn}-${Date.now().toString(36)}${counter++}`;
  return env.client.workflow.start<typeof jointControlWorkflow>('jointControlWorkflow', {
    taskQueue,
    workflowId: id,
    args: [input],
  });
}

/** Sends an update; resolves to the view or rejects with the validator's reason. */
export const send = (handle: WorkflowHandle, update: any, arg: unknown) =>
  sendUpdate<JointControlView>(handle, update, arg);
export { rejection } from '../support/temporal';

export const until = (handle: WorkflowHandle, ready: (v: JointControlView) => boolean) =>
  eventually(() => handle.query(jointControlView), ready);
