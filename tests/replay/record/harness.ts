import { ApplicationFailure } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { OutboxEntry, SupervisorNotice } from '../../../activities/declaration';
import { createRiskActivities, memoryRiskSource } from '../../../activities/risk';
import { demoTariffBook } from '../../../config/reference';
import { assessDeclaration } from '../../../domain/duties';
import { AssessmentError } from '../../../domain/explain';
import type { Declaration } from '../../../domain/schemas/declaration';
import type { declarationWorkflow } from '../../../workflows/declaration';
import { bundlePath, uniqueQueue } from '../../support/temporal';
import { SETTINGS, TEST_PROFILE, freshMrn, type Harness } from '../../workflows/declaration-harness';

type Activity = (...args: any[]) => Promise<unknown>;

/**
 * The declaration harness of tests/workflows/declaration-harness.ts (same profile, settings and
 * in-memory activities), with two differences for the recorder: the duty assessment fails as in
 * production (activities/declaration: missing reference data is a non-retryable AssessmentError, which
 * holds the case), and `activities` may replace some activities (e.g. a real guarantee gateway).
 */
export async function recordingHarness(
  env: TestWorkflowEnvironment,
  activities: Record<string, Activity> = {},
): Promise<Harness> {
  const taskQueue = uniqueQueue('record');
  const outbox: OutboxEntry[] = [];
  const notices: SupervisorNotice[] = [];
  const reservations: { grn: string; amount: string }[] = [];
  const risk = memoryRiskSource({ '*': TEST_PROFILE });
  const book = demoTariffBook();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: bundlePath() },
    activities: {
      ...createRiskActivities({ source: risk }),
      projectCase: async () => undefined,
      // Lean histories publish the projection and the step's messages together (a local activity).
      publishCase: async (_projection: unknown, messages: OutboxEntry[]) => {
        for (const m of messages) if (!outbox.some((o) => o.messageId === m.messageId)) outbox.push(m);
      },
      validateDeclarationReferences: async () => ({ ok: true, issues: [] }),
      assessDeclarationDuties: async (decl: Declaration, acceptanceDate: string) => {
        try {
          return assessDeclaration(decl, { acceptanceDate, book });
        } catch (err) {
          if (err instanceof AssessmentError)
            throw ApplicationFailure.nonRetryable(err.message, 'AssessmentError');
          throw err;
        }
      },
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
