import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  arrivalRecordView,
  guaranteeView,
  notifyArrival,
  recordBorderCrossing,
  recordUnloadingRemarks,
  supervise,
  transitView,
} from '../../../contracts';
import type { CaseProjection } from '../../../contracts/projection';
import { eventually } from '../../support/temporal';
import {
  freshGrn,
  guaranteeRegistration,
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
  type Harness,
} from '../../workflows/transit-helpers';
import { inOwnEnv, save } from './save';

/**
 * Runs since `transit-stuck-on-failed-write`, `arrival-stuck-on-failed-write` and
 * `guarantee-stuck-on-failed-write`: a read-model write refused for good (a data error) marks the
 * case stuck; a supervisor retries it once fixed and the case goes on to its end.
 */
const refused = new Set<string>();
const activities = {
  projectCase: async (p: CaseProjection) => {
    if (refused.has(p.kind))
      throw ApplicationFailure.nonRetryable('PostgreSQL refused the data (SQLSTATE 22021)', 'DataError');
  },
};

const withRefusals = (fn: (env: TestWorkflowEnvironment, h: Harness) => Promise<void>) =>
  inOwnEnv(fn, activities);

const retried = async (handle: WorkflowHandle, query: () => Promise<{ stuck: boolean }>, kind: string) => {
  await eventually(query, (v) => v.stuck);
  refused.delete(kind);
  await send(handle, supervise, {
    signal: 'retry',
    reason: 'bad row repaired',
    actor: 'supervisor-1',
    role: 'supervisor',
  });
  await eventually(query, (v) => !v.stuck);
};

const throughToWriteOff = async (t: WorkflowHandle) => {
  await eventually(
    () => t.query(transitView),
    (x) => x.state === 'RELEASED_FOR_TRANSIT',
  );
  await send(t, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer', sealsIntact: true });
  await send(t, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg-officer', sealsIntact: true });
  await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' });
  await send(t, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true });
  await eventually(
    () => t.describe(),
    (d) => d.status.name === 'COMPLETED',
  );
  return t.query(transitView);
};

test('transit and guarantee: first writes refused, stuck, retried by a supervisor once fixed, reserved, written off', async () => {
  await withRefusals(async (env, { taskQueue }) => {
    const grn = freshGrn();
    refused.add('guarantee');
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    await retried(g, () => g.query(guaranteeView), 'guarantee');
    refused.add('transit');
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await retried(t, () => t.query(transitView), 'transit');
    const v = await throughToWriteOff(t);
    expect(v).toMatchObject({ state: 'WRITTEN_OFF', guarantee: { status: 'RELEASED' } });
    expect(v.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['step-failed', 'retry']));
    const a = env.client.workflow.getHandle(`arrival/${t.workflowId.split('/')[1]}`);
    await eventually(
      () => a.describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    await save(env, 'transit-failed-write-retried', t);
    await save(env, 'guarantee-failed-write-retried', g);
    await save(env, 'arrival-record-written-off-guarded', a);
    await g.terminate('recorded');
  });
});

test('arrival record: its first write refused, stuck, retried by a supervisor once fixed, written off', async () => {
  await withRefusals(async (env, { taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    refused.add('arrival');
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    const a = env.client.workflow.getHandle(`arrival/${t.workflowId.split('/')[1]}`);
    const record = () =>
      a.query(arrivalRecordView).catch(() => ({ stuck: false, state: 'NOT_STARTED', timeline: [] }));
    await retried(a, record, 'arrival');
    await throughToWriteOff(t);
    await eventually(
      () => a.describe(),
      (d) => d.status.name === 'COMPLETED',
    );
    const closed = await a.query(arrivalRecordView);
    expect(closed.state).toBe('WRITTEN_OFF');
    expect(closed.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['step-failed', 'retry']));
    await save(env, 'arrival-record-failed-write-retried', a);
    await save(env, 'transit-written-off-guarded', t);
    await g.terminate('recorded');
  });
});
