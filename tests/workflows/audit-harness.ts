import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { demoTariffBook } from '../../config/reference';
import { createAuditGuaranteeCharge, recomputeAuditWith } from '../../activities/audit';
import { createGuaranteeGateway } from '../../activities/transit';
import type { CaseProjection, OutboxMessage } from '../../contracts/projection';
import {
  auditView,
  type AuditInput,
  type AuditRecomputationRequest,
  type AuditSettings,
  type AuditState,
  type AuditView,
} from '../../contracts';
import { auditedDeclaration } from '../../domain/audit/audited';
import { assessDeclaration } from '../../domain/duties';
import { DeclarationSchema } from '../../domain/schemas/declaration';
import type { auditWorkflow } from '../../workflows/audit';
import { example } from '../support/examples';
import { bundlePath, eventually, uniqueQueue, send as sendUpdate } from '../support/temporal';

/**
 * Shared by the audit workflow tests and recorders: the real duty engine over the demo tariff for
 * the recomputation, the real guarantee gateway; the read model and the outbox captured in memory.
 */
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const AUDIT_SETTINGS: AuditSettings = {
  documentDeadlineMs: 30 * DAY,
  reminderLeadMs: 7 * DAY,
  extensionMs: 14 * DAY,
  commentsPeriodMs: 30 * DAY,
  appealWindowMs: 60 * DAY,
  slaMs: 20 * DAY,
  slaByStateMs: { AWAITING_DOCUMENTS: 60 * DAY, APPEALED: 90 * DAY },
  interestPercentPerDay: '0.03',
  penalties: { UNDERVALUATION: { percentOfDifference: '20' }, NO_DOCUMENTS: { fixed: '50000.00' } },
};

export const ACCEPTED = '2026-03-02';
export const RELEASED_AT = '2026-03-02T10:00:00.000Z';
export const MRN = '26KZ00000000000017';

/** The example import declaration, assessed on ACCEPTED as at release, as an audit keeps it. */
export function auditedExample(mrn = MRN) {
  const d = DeclarationSchema.parse(example('declaration-import.json'));
  const duties = assessDeclaration(d, { acceptanceDate: ACCEPTED, book: demoTariffBook() }).value;
  return auditedDeclaration(mrn, d, duties, ACCEPTED, RELEASED_AT);
}

let counter = 0;
export const freshAuditId = () =>
  `AUD-${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

export function auditInput(overrides: Partial<AuditInput> = {}): AuditInput {
  return {
    auditId: freshAuditId(),
    country: 'KZ',
    office: 'KZALA001',
    owner: 'cs-silk-road',
    declarant: 'KZ990140000123',
    source: 'REQUEST',
    kind: 'DOCUMENT_REQUEST',
    currency: 'KZT',
    declarations: [auditedExample()],
    auditor: 'auditor-1',
    requestedBy: 'supervisor-1',
    reason: 'valuation of laptops below market prices',
    openedAt: new Date().toISOString(),
    settings: AUDIT_SETTINGS,
    ...overrides,
  };
}

export interface AuditHarness {
  taskQueue: string;
  outbox: OutboxMessage[];
  projections: CaseProjection[];
}

export async function withAuditWorker<T>(
  env: TestWorkflowEnvironment,
  fn: (h: AuditHarness) => Promise<T>,
): Promise<T> {
  const taskQueue = uniqueQueue('audit');
  const outbox: OutboxMessage[] = [];
  const projections: CaseProjection[] = [];
  const book = demoTariffBook();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: bundlePath() },
    activities: {
      ...createGuaranteeGateway(env.client),
      ...createAuditGuaranteeCharge(env.client),
      recomputeAuditFindings: async (req: AuditRecomputationRequest) => recomputeAuditWith(book, req),
      publishCase: async (p: CaseProjection, messages: OutboxMessage[]) => {
        projections.push(p);
        for (const m of messages) if (!outbox.some((o) => o.messageId === m.messageId)) outbox.push(m);
      },
      projectCase: async () => undefined,
      enqueueExchangeMessages: async () => 0,
    },
  });
  return worker.runUntil(fn({ taskQueue, outbox, projections }));
}

export async function startAudit(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  input: AuditInput,
): Promise<WorkflowHandle<typeof auditWorkflow>> {
  return env.client.workflow.start<typeof auditWorkflow>('auditWorkflow', {
    taskQueue,
    workflowId: `audit/${input.auditId}`,
    args: [input],
  });
}

/** Sends an update; resolves to the view or rejects with the validator's reason. */
export const send = (handle: WorkflowHandle, update: any, arg: unknown) =>
  sendUpdate<AuditView>(handle, update, arg);
export { rejection } from '../support/temporal';

/** The view once `ready` holds (after a timer, the reacting task may still be in flight). */
export async function until(handle: WorkflowHandle, ready: (v: AuditView) => boolean): Promise<AuditView> {
  const v = await eventually(() => handle.query(auditView), ready);
  if (!ready(v))
    throw new Error(
      `audit ${v.auditId} never got there: ${v.state}, ${JSON.stringify(v.timeline.slice(-3))}`,
    );
  return v;
}

export const inState = (handle: WorkflowHandle, state: AuditState) => until(handle, (v) => v.state === state);

export const typesOf = (v: AuditView) => v.timeline.map((e) => (e.type === 'state' ? e.state : e.type));

/**
 * The view once the audit completed, read by query with time still locked: awaiting `result()` would
 * unlock time skipping and let the server jump to other workflows' timers (a guarantee's) months ahead.
 */
export async function completed(handle: WorkflowHandle): Promise<AuditView> {
  const d = await eventually(
    () => handle.describe(),
    (x) => x.status.name !== 'RUNNING',
  );
  if (d.status.name !== 'COMPLETED') throw new Error(`audit ${handle.workflowId} ended ${d.status.name}`);
  return handle.query(auditView);
}

/** The first message of `type` in the captured outbox, once the step that sends it has written it. */
export async function message(outbox: OutboxMessage[], type: string): Promise<OutboxMessage> {
  const m = await eventually(
    async () => outbox.find((x) => x.type === type),
    (x) => x !== undefined,
  );
  if (!m) throw new Error(`no ${type} message was sent: ${outbox.map((x) => x.type).join(', ')}`);
  return m;
}

/** The messages of `type` once there are `n` of them. */
export const messages = (outbox: OutboxMessage[], type: string, n: number) =>
  eventually(
    async () => outbox.filter((x) => x.type === type),
    (xs) => xs.length >= n,
  );
