import { WorkflowUpdateStage } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DeclarationSchema } from '../../domain/schemas/declaration';
import { declarationWorkflow } from '../../workflows/declaration';
import { caseView, recordOfficerDecision } from '../../workflows/messages';
import { example } from '../support/examples';
import { bundlePath, createTimeSkippingEnv, eventually, uniqueQueue } from '../support/temporal';

const DAY = 86_400_000;
let env: TestWorkflowEnvironment;
const projected: unknown[] = [];

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

function input(mrn: string) {
  return {
    mrn,
    declaration: DeclarationSchema.parse(example('declaration-import.json')),
    payloadHash: 'h',
    lodgedAt: '2026-11-27T09:00:00Z',
    lodgedBy: 'test',
    settings: { slaMs: DAY },
  };
}

async function withWorker<T>(fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = uniqueQueue('decl-sla');
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: bundlePath() },
    activities: { projectCase: async (v: unknown) => void projected.push(v) },
  });
  return worker.runUntil(fn(taskQueue));
}

test('a case left a day past its SLA is marked stuck, and escalated on the second breach', async () => {
  await withWorker(async (taskQueue) => {
    const handle = await env.client.workflow.start(declarationWorkflow, {
      taskQueue,
      workflowId: `declaration/26KZSLA${Date.now()}`,
      args: [input('26KZ0000000000SLA0')],
    });
    expect((await handle.query(caseView)).state).toBe('ACCEPTED');

    await env.sleep(DAY + 60_000);
    let view = await eventually(() => handle.query(caseView), (v) => v.stuck);
    expect(view.stuck).toBe(true);
    expect(view.escalations).toBe(0);
    const breach = view.timeline.find((e) => e.type === 'sla-breach')!;
    const accepted = view.timeline.find((e) => e.state === 'ACCEPTED')!;
    expect(Date.parse(breach.at) - Date.parse(accepted.at)).toBeGreaterThanOrEqual(DAY);
    expect(view.stuckSince).toBe(breach.at);

    await env.sleep(DAY);
    view = await eventually(() => handle.query(caseView), (v) => v.escalations > 0);
    expect(view.escalations).toBe(1);
    expect(view.timeline.at(-1)?.type).toBe('escalated');

    const update = await handle.startUpdate(recordOfficerDecision, {
      args: [{ result: 'CONFORM', officer: 'officer-1', office: 'KZALA001', reason: 'documents checked' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    const after = await update.result();
    expect(after.timeline.at(-1)?.type).toBe('control-result');
    const final = await handle.result();
    expect(final.state).toBe('RELEASED');
    expect(final.stuck).toBe(false);
  });
});

test('refuses an officer decision from an office that does not handle the case', async () => {
  await withWorker(async (taskQueue) => {
    const handle = await env.client.workflow.start(declarationWorkflow, {
      taskQueue,
      workflowId: `declaration/26KZOFF${Date.now()}`,
      args: [input('26KZ0000000000OFF0')],
    });
    await expect(
      handle.executeUpdate(recordOfficerDecision, {
        args: [{ result: 'CONFORM', officer: 'officer-2', office: 'KGBIS001' }],
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/does not handle this case/) } });
    expect((await handle.query(caseView)).state).toBe('ACCEPTED');
    await handle.terminate('test done');
  });
});
