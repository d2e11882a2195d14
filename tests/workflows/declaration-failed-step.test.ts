import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { caseView, supervise, type SupervisorAction } from '../../contracts';
import type { OutboxEntry } from '../../activities/declaration';
import { createTimeSkippingEnv, eventually } from '../support/temporal';
import {
  HOUR,
  MINUTE,
  declaration,
  rejection,
  startHarness,
  stop,
  update,
  viewOf,
  type Harness,
} from './declaration-harness';

/**
 * A read-model write that fails for good (issue 13, point 5): a data error at once, a transient
 * failure after its attempts. The case is marked stuck with the reason (view, timeline, `Stuck`
 * search attribute) and waits; a supervisor's retry, or after a transient failure `stepRetryMs`,
 * writes again and the case moves on. Before, the write retried without limit and the case froze
 * without showing up as stuck.
 */
let env: TestWorkflowEnvironment;
let h: Harness;
/** What the database does with the next writes: refuse the data, fail transiently, or store them. */
let database: 'refuses' | 'down' | 'up' = 'up';
const written: OutboxEntry[] = [];

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'decl-failed-step', {
    publishCase: async (_projection: unknown, messages: OutboxEntry[]) => {
      if (database === 'refuses')
        throw ApplicationFailure.nonRetryable(
          'PostgreSQL refused the data (SQLSTATE 23514): new row violates check constraint',
          'DataError',
        );
      if (database === 'down') throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      for (const m of messages) if (!written.some((w) => w.messageId === m.messageId)) written.push(m);
    },
  });
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

const retry: SupervisorAction = {
  signal: 'retry',
  reason: 'constraint dropped',
  actor: 'supervisor-1',
  role: 'supervisor',
};
const stuckAttribute = async (handle: { describe(): Promise<any> }) =>
  (await handle.describe()).typedSearchAttributes.get({ name: 'Stuck', type: 'BOOL' } as any);

test('a data error marks the case stuck with the reason; a retry before the fix fails again, one after it moves the case on', async () => {
  database = 'refuses';
  const handle = await h.start(declaration('TIN-GREEN'));
  const stuck = await viewOf(handle, (v) => v.stuck);
  // One write per task: the first is the green case's first task, risk and duties done.
  expect(stuck.state).toBe('AWAITING_PAYMENT');
  expect(stuck.timeline.at(-1)).toMatchObject({
    type: 'step-failed',
    reason: expect.stringMatching(/^read-model write failed: PostgreSQL refused the data \(SQLSTATE 23514\)/),
  });
  expect(await stuckAttribute(handle)).toBe(true);
  expect(written.filter((m) => m.caseId === handle.workflowId)).toEqual([]);

  await update(handle, supervise, retry);
  const again = await viewOf(handle, (v) => v.timeline.filter((e) => e.type === 'step-failed').length === 2);
  expect(again.stuck).toBe(true);

  database = 'up';
  await update(handle, supervise, retry);
  await viewOf(handle, (v) => v.state === 'AWAITING_PAYMENT' && !v.stuck);
  expect(await stuckAttribute(handle)).toBe(false);
  // The decision the failed write held is sent once, under its own id.
  expect(written.filter((m) => m.caseId === handle.workflowId).map((m) => m.messageId)).toEqual(
    expect.arrayContaining([`${handle.workflowId}/accepted/1`, `${handle.workflowId}/payment-required/1`]),
  );
  expect(written.filter((m) => m.messageId === `${handle.workflowId}/accepted/1`)).toHaveLength(1);
  expect(await rejection(update(handle, supervise, retry))).toMatch(/retry applies to a case stuck/);
  await stop(handle);
});

test('a transient failure that outlasts the attempts marks the case stuck; it is retried by itself after stepRetryMs', async () => {
  database = 'down';
  const handle = await h.start(declaration('TIN-GREEN'), { stepRetryMs: HOUR });
  // The attempts back off on workflow timers beyond 10 s: time moves only when the test sleeps.
  const stuck = await eventually(
    async () => {
      await env.sleep(MINUTE);
      return handle.query(caseView);
    },
    (v) => v.stuck,
    60_000,
  );
  expect(stuck.timeline.at(-1)).toMatchObject({
    type: 'step-failed',
    reason: expect.stringMatching(/ECONNREFUSED/),
  });
  database = 'up';
  await env.sleep(HOUR);
  const moved = await viewOf(handle, (v) => v.state === 'AWAITING_PAYMENT' && !v.stuck);
  expect(moved.timeline.find((e) => e.type === 'retry')).toMatchObject({
    actor: 'system',
    reason: 'automatic retry',
  });
  await stop(handle);
});
