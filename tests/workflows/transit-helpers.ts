import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { demoTariffBook } from '../../config/reference';
import {
  createGuaranteeGateway,
  computeRecoveryDebtWith,
  type OutboxMessage,
  type RecoveryRequest,
} from '../../activities/transit';
import { createReceivingOfficeGateway, type ReceivingOfficeMessage } from '../../activities/exchange';
import { nctsOutboxEntries, type NctsMessagesRequest } from '../../activities/transit/ncts-messages';
import type { SupervisorNotice } from '../../activities/declaration';
import { buildMrn, mrnSerial } from '../../domain/mrn';
import { GuaranteeRegistrationSchema, type GuaranteeRegistration } from '../../domain/schemas/guarantee';
import { TransitDeclarationSchema, type TransitDeclaration } from '../../domain/schemas/transit';
import type { GuaranteeSettings, TransitSettings } from '../../contracts';
import type { guaranteeWorkflow } from '../../workflows/guarantee';
import type { transitWorkflow } from '../../workflows/transit';
import { example } from '../support/examples';
import { bundlePath, uniqueQueue } from '../support/temporal';

/**
 * Shared by the transit and guarantee workflow tests: the real guarantee gateway and the real
 * signal-with-start to the office of destination's process; the outbox, the inbox table and
 * supervisor notices (PostgreSQL rows in production) are captured in memory.
 */
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export const TRANSIT_SETTINGS: TransitSettings = {
  timeLimitMs: 6 * DAY,
  amendmentDeadlineMs: 3 * DAY,
  enquiryResponseMs: 28 * DAY,
  discrepancyResolutionMs: 3 * DAY,
};
export const GUARANTEE_SETTINGS: GuaranteeSettings = { expiryWarningLeadMs: 30 * DAY, historyLimit: 2000 };

let counter = 0;
const rand = () =>
  `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
export const freshGrn = () => `26KZ${rand().padStart(14, '0').slice(-14)}`;
export const freshMrn = () =>
  buildMrn(26, 'CN', mrnSerial(BigInt(Date.now()) * 1000n + BigInt(counter++ % 1000)));

export function guaranteeRegistration(
  grn: string,
  overrides: Partial<GuaranteeRegistration> = {},
): GuaranteeRegistration {
  return GuaranteeRegistrationSchema.parse({ ...example('guarantee.json'), grn, ...overrides });
}

export function transitDeclaration(
  grn: string,
  mutate: (t: any) => void = () => undefined,
): TransitDeclaration {
  const t = JSON.parse(JSON.stringify(example('transit.json')));
  t.lrn = `WF-${rand()}`;
  t.guarantee.grn = grn;
  mutate(t);
  return TransitDeclarationSchema.parse(t);
}

export interface Harness {
  taskQueue: string;
  outbox: OutboxMessage[];
  /** The NCTS messages queued for the clearance system's webhook, once per message id. */
  ncts: OutboxMessage[];
  /** Messages delivered to the receiving office's process, once per message id. */
  inbox: ReceivingOfficeMessage[];
  notices: SupervisorNotice[];
}

/** `activities` replace the harness's own (a test that makes one of them fail). */
export async function withWorker<T>(
  env: TestWorkflowEnvironment,
  fn: (h: Harness) => Promise<T>,
  activities: Record<string, (...args: never[]) => Promise<unknown>> = {},
): Promise<T> {
  const taskQueue = uniqueQueue('transit');
  const outbox: OutboxMessage[] = [];
  const ncts: OutboxMessage[] = [];
  const inbox: ReceivingOfficeMessage[] = [];
  const notices: SupervisorNotice[] = [];
  const receiving = createReceivingOfficeGateway(env.client);
  const book = demoTariffBook();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: bundlePath() },
    activities: {
      ...createGuaranteeGateway(env.client),
      enqueueExchangeMessages: async (messages: OutboxMessage[]) => {
        for (const m of messages) if (!outbox.some((o) => o.messageId === m.messageId)) outbox.push(m);
        return messages.length;
      },
      enqueueNctsMessages: async (req: NctsMessagesRequest) => {
        const fresh = nctsOutboxEntries(req).filter((m) => !ncts.some((o) => o.messageId === m.messageId));
        ncts.push(...fresh);
        return fresh.length;
      },
      computeRecoveryDebt: async (req: RecoveryRequest) => computeRecoveryDebtWith(book, req),
      deliverToReceivingOffice: async (messages: ReceivingOfficeMessage[]) => {
        let applied = 0;
        for (const m of messages) {
          if (inbox.some((i) => i.messageId === m.messageId)) continue;
          await receiving.signalReceivingOffice(m);
          inbox.push(m);
          applied++;
        }
        return applied;
      },
      notifySupervisor: async (n: SupervisorNotice) => {
        notices.push(n);
      },
      projectCase: async () => undefined,
      // No active intelligence alert unless a test brings its own (tests/workflows/alert*.test.ts).
      matchTransitToAlerts: async () => [],
      raiseSealsAlert: async () => 'none',
      ...activities,
    },
  });
  return worker.runUntil(fn({ taskQueue, outbox, ncts, inbox, notices }));
}

export async function startGuarantee(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  reg: GuaranteeRegistration,
  settings: Partial<GuaranteeSettings> = {},
): Promise<WorkflowHandle<typeof guaranteeWorkflow>> {
  return env.client.workflow.start<typeof guaranteeWorkflow>('guaranteeWorkflow', {
    taskQueue,
    workflowId: `guarantee/${reg.grn}`,
    args: [
      {
        registration: reg,
        payloadHash: 'h',
        registeredAt: new Date().toISOString(),
        registeredBy: 'test',
        settings: { ...GUARANTEE_SETTINGS, ...settings },
      },
    ],
  });
}

export async function startTransit(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  declaration: TransitDeclaration,
  opts: { mrn?: string; settings?: Partial<TransitSettings>; tirCarnetNumber?: string } = {},
): Promise<WorkflowHandle<typeof transitWorkflow>> {
  const mrn = opts.mrn ?? freshMrn();
  return env.client.workflow.start<typeof transitWorkflow>('transitWorkflow', {
    taskQueue,
    workflowId: `transit/${mrn}`,
    args: [
      {
        mrn,
        declaration,
        ...(opts.tirCarnetNumber ? { tirCarnetNumber: opts.tirCarnetNumber } : {}),
        payloadHash: 'h',
        lodgedAt: new Date().toISOString(),
        lodgedBy: 'test',
        settings: { ...TRANSIT_SETTINGS, ...opts.settings },
      },
    ],
  });
}

export { rejection, send } from '../support/temporal';
