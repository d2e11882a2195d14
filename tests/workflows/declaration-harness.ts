import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { demoTariffBook } from '../../config/reference';
import type { DeclarationSettings } from '../../config/declaration';
import { riskThenDuties, type OutboxEntry, type SupervisorNotice } from '../../activities/declaration';
import { nonRetryableAssessment } from '../../activities/assessment-failure';
import { createRiskActivities, memoryRiskSource, type RiskAssessmentRequest } from '../../activities/risk';
import { assessDeclaration } from '../../domain/duties';
import { buildMrn, mrnSerial } from '../../domain/mrn';
import type { RiskProfileInput } from '../../domain/risk';
import { DeclarationSchema, type Declaration } from '../../domain/schemas/declaration';
import type { declarationWorkflow } from '../../workflows/declaration';
import { caseView, invalidateDeclaration, type DeclarationView } from '../../contracts';
import { example } from '../support/examples';
import { bundlePath, eventually, uniqueQueue } from '../support/temporal';

/** Shared by the declaration workflow tests: the real risk engine and duty computation, outbox in memory. */
export const [MINUTE, HOUR, DAY] = [60_000, 3_600_000, 86_400_000];

/** Forced channels by declarant TIN, no random selection: each test picks its channel by TIN. */
export const TEST_PROFILE: RiskProfileInput = {
  id: 'wf-test',
  version: 1,
  thresholds: { default: { blue: 30, yellow: 50, red: 80 } },
  randomSelection: { default: { rate: 0 } },
  aeo: { scoreMultiplier: 0.5, channelStepDown: 1 },
  rules: [
    {
      id: 'force-red',
      when: { op: 'equals', field: 'declarantTin', value: 'TIN-RED' },
      forceChannel: 'RED',
      reason: 'test: forced RED',
    },
    {
      id: 'force-yellow',
      when: { op: 'equals', field: 'declarantTin', value: 'TIN-YELLOW' },
      forceChannel: 'YELLOW',
      reason: 'test: forced YELLOW',
    },
    {
      id: 'force-blue',
      when: { op: 'equals', field: 'declarantTin', value: 'TIN-BLUE' },
      forceChannel: 'BLUE',
      reason: 'test: forced BLUE',
    },
    {
      id: 'force-query',
      when: { op: 'equals', field: 'declarantTin', value: 'TIN-QUERY' },
      forceChannel: 'QUERY',
      reason: 'certificate of origin needed for the claimed preference',
    },
    {
      id: 'big-invoice',
      when: { op: 'range', field: 'invoiceAmount', min: 100000 },
      weight: 60,
      reason: 'test: invoice of 100,000 or more',
    },
  ],
};

/** The administrations' random-selection key in workflow tests (the test profile selects nobody at random). */
export const TEST_SELECTION_KEY = Buffer.from('workflow-test-random-selection-key');

export const SETTINGS: DeclarationSettings = {
  slaMs: DAY,
  slaByStateMs: {
    UNDER_CONTROL: 4 * HOUR,
    QUERIED: 2 * DAY,
    AWAITING_PAYMENT: DAY,
    AWAITING_PRESENTATION: DAY,
  },
  standByMs: 0,
  presentationDeadlineMs: 30 * DAY,
  queryDeadlineMs: 7 * DAY,
  postReleaseMs: HOUR,
};

let counter = 0;
export const freshMrn = () =>
  buildMrn(26, 'KZ', mrnSerial(BigInt(Date.now()) * 1000n + BigInt(counter++ % 1000)));

export function declaration(tin = 'TIN-GREEN', mutate: (d: any) => void = () => undefined): Declaration {
  const d = JSON.parse(JSON.stringify(example('declaration-import.json')));
  d.lrn = `WF-${Date.now().toString(36)}-${counter++}`;
  d.declarant.tin = tin;
  mutate(d);
  return DeclarationSchema.parse(d);
}

/** An export leaving through Khorgos to China: released, then its exit confirmed or not by the deadline. */
export const exportDeclaration = (tin = 'TIN-GREEN', mutate: (d: any) => void = () => undefined) =>
  declaration(tin, (d) => {
    d.type = 'EX';
    d.exporter = d.importer;
    delete d.importer;
    d.officeOfExit = 'KZKHO001';
    d.countryOfDispatch = 'KZ';
    d.countryOfDestination = 'CN';
    mutate(d);
  });

export interface Harness {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  outbox: OutboxEntry[];
  notices: SupervisorNotice[];
  risk: ReturnType<typeof memoryRiskSource>;
  reservations: { grn: string; amount: string }[];
  start(
    decl: Declaration,
    settings?: Partial<DeclarationSettings>,
  ): Promise<WorkflowHandle<typeof declarationWorkflow>>;
  close(): Promise<void>;
}

type Activity = (...args: any[]) => Promise<unknown>;

/**
 * A worker on `env` running the declaration workflow with in-memory activities: the test profile,
 * the demo tariff, an outbox and a guarantee gateway in arrays. Duty assessment fails as in
 * production (a data error is non-retryable and holds the case). `activities` replaces some of them
 * (the recorder passes a real guarantee gateway).
 */
export async function startHarness(
  env: TestWorkflowEnvironment,
  name: string,
  activities: Record<string, Activity> = {},
): Promise<Harness> {
  const taskQueue = uniqueQueue(name);
  const outbox: OutboxEntry[] = [];
  const notices: SupervisorNotice[] = [];
  const reservations: { grn: string; amount: string }[] = [];
  const risk = memoryRiskSource({ '*': TEST_PROFILE });
  const book = demoTariffBook();
  const riskActivities = createRiskActivities({ source: risk, selectionKey: () => TEST_SELECTION_KEY });
  const duties = (decl: Declaration, acceptanceDate: string) =>
    Promise.resolve()
      .then(() => assessDeclaration(decl, { acceptanceDate, book }))
      .catch((err: unknown) => Promise.reject(nonRetryableAssessment(err)));
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: bundlePath() },
    activities: {
      ...riskActivities,
      projectCase: async () => undefined,
      // Lean histories publish the projection and the step's messages together (a local activity).
      publishCase: async (_projection: unknown, messages: OutboxEntry[]) => {
        for (const m of messages) if (!outbox.some((o) => o.messageId === m.messageId)) outbox.push(m);
      },
      validateDeclarationReferences: async () => ({ ok: true, issues: [] }),
      assessDeclarationDuties: duties,
      // `declaration-one-assessment`'s first pass, composed as in production.
      assessDeclaration: (req: RiskAssessmentRequest, acceptanceDate: string) =>
        riskThenDuties(
          () => riskActivities.assessDeclarationRisk(req),
          () =>
            ((activities.assessDeclarationDuties as typeof duties) ?? duties)(
              req.declaration,
              acceptanceDate,
            ),
        ),
      enqueueDeclarationMessages: async (entries: OutboxEntry[]) => {
        for (const m of entries) if (!outbox.some((o) => o.messageId === m.messageId)) outbox.push(m);
        return entries.length;
      },
      notifySupervisor: async (n: SupervisorNotice) => void notices.push(n),
      reserveOnGuarantee: async (grn: string, req: { amount: string }) => {
        if (!grn.startsWith('OK')) return { ok: false, reason: `guarantee ${grn} is not registered` };
        reservations.push({ grn, amount: req.amount });
        return { ok: true, reservation: { mrn: 'x', amount: req.amount } };
      },
      ...activities,
    },
  });
  const running = worker.run();
  return {
    env,
    taskQueue,
    outbox,
    notices,
    risk,
    reservations,
    async start(decl, settings = {}) {
      const mrn = freshMrn();
      return env.client.workflow.start<typeof declarationWorkflow>('declarationWorkflow', {
        taskQueue,
        workflowId: `declaration/${mrn}`,
        args: [
          {
            mrn,
            declaration: decl,
            payloadHash: 'h',
            lodgedAt: new Date().toISOString(),
            lodgedBy: 'cs-test',
            settings: { ...SETTINGS, ...settings },
          },
        ],
      });
    },
    async close() {
      worker.shutdown();
      await running;
    },
  };
}

export function viewOf(
  handle: WorkflowHandle,
  ready: (v: DeclarationView) => boolean,
  timeoutMs?: number,
): Promise<DeclarationView> {
  return eventually(() => handle.query(caseView), ready, timeoutMs);
}

/**
 * Waits until no activity of the workflow is pending. The Java test server keeps time locked while an
 * activity is outstanding, and one cancelled by a termination can keep it locked: tests settle a
 * workflow before they read its side effects or terminate it.
 */
export async function settle(handle: WorkflowHandle): Promise<void> {
  await eventually(
    async () => (await handle.describe()).raw.pendingActivities?.length ?? 0,
    (n) => n === 0,
  );
}

/**
 * Ends a workflow the test no longer needs through the process itself (an invalidation), never by
 * terminating it: the Java test server can keep time locked for good when a workflow is terminated
 * while one of its tasks is in flight, and every later timer in the file would then hang.
 */
export async function stop(handle: WorkflowHandle): Promise<void> {
  const v = await handle.query(caseView);
  if (v.state === 'RELEASED')
    await update(handle, invalidateDeclaration, { by: 'customs', actor: 'test', reason: 'test done' });
  else if (!['NOT_RELEASED', 'REJECTED', 'INVALIDATED'].includes(v.state))
    await update(handle, invalidateDeclaration, { by: 'declarant', actor: 'test', reason: 'test done' });
  await handle.result();
}

export async function inState(handle: WorkflowHandle, state: string): Promise<DeclarationView> {
  let v = await viewOf(handle, (x) => x.state === state);
  if (v.state === state) {
    await settle(handle);
    v = await handle.query(caseView);
  }
  if (v.state !== state)
    throw new Error(
      `expected ${state}, the case is ${v.state}: ${v.timeline.map((e) => `${e.type}:${e.state ?? ''}:${e.reason ?? ''}`).join(' | ')}`,
    );
  return v;
}

/** Sends an update the way the Java test server likes it (startUpdate + ACCEPTED, then result). */
export async function update<Ret, Args extends unknown[]>(
  handle: WorkflowHandle,
  def: import('@temporalio/client').UpdateDefinition<Ret, Args>,
  ...args: Args
): Promise<Ret> {
  const u = await handle.startUpdate(def as any, {
    args: args as any,
    waitForStage: WorkflowUpdateStage.ACCEPTED,
  });
  return (await u.result()) as Ret;
}

/** The message of a rejected update (WorkflowUpdateFailedError cause). */
export async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const e = err as { cause?: { message?: string }; message?: string };
    return e.cause?.message ?? e.message ?? String(err);
  }
  throw new Error('the update was accepted');
}

export function controlResult(
  office: string,
  outcome: 'CONFORM' | 'CONFORM_WITH_CORRECTIONS' | 'NON_CONFORM',
  extra: Record<string, unknown> = {},
) {
  return {
    office,
    officerId: 'officer-7',
    controlType: 'DOCUMENTARY' as const,
    outcome,
    findings:
      outcome === 'CONFORM'
        ? []
        : [{ field: 'items[0].invoiceAmount', declared: '22000.00', found: '30000.00' }],
    completedAt: '2026-11-27T12:00:00Z',
    // The canonical payload the API hands on after parsing (the schema's default applied).
    refuseRelease: false,
    ...extra,
  };
}
