import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { caseView, supervise } from '../../../contracts';
import { createTimeSkippingEnv, eventually } from '../../support/temporal';
import {
  HOUR,
  MINUTE,
  declaration,
  startHarness,
  update,
  viewOf,
  type Harness,
} from '../../workflows/declaration-harness';
import { payInFull, save } from './save';

/**
 * Runs since `declaration-stuck-on-failed-write`: a read-model write that fails for good marks the
 * case stuck and waits for a retry (a supervisor's, or the automatic one after a transient failure).
 */
let env: TestWorkflowEnvironment;
let h: Harness;
let database: 'refuses' | 'down' | 'up' = 'up';

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'record-failed-step', {
    publishCase: async () => {
      if (database === 'refuses')
        throw ApplicationFailure.nonRetryable('PostgreSQL refused the data (SQLSTATE 22021)', 'DataError');
      if (database === 'down') throw new Error('connect ECONNREFUSED');
    },
  });
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

test('declaration: the first write refused (data error), stuck, retried by a supervisor once fixed, paid, released', async () => {
  database = 'refuses';
  const handle = await h.start(declaration('TIN-GREEN'));
  await viewOf(handle, (v) => v.stuck);
  database = 'up';
  await update(handle, supervise, {
    signal: 'retry',
    reason: 'bad row repaired',
    actor: 'supervisor-1',
    role: 'supervisor',
  });
  await payInFull(handle);
  const final = await handle.result();
  expect(final.state).toBe('RELEASED');
  expect(final.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['step-failed', 'retry']));
  await save(env, 'declaration-failed-write-retried', handle);
});

test('declaration: writes failing past their attempts, stuck, retried automatically, paid, released', async () => {
  database = 'down';
  const handle = await h.start(declaration('TIN-GREEN'), { stepRetryMs: HOUR });
  await eventually(
    async () => {
      await env.sleep(MINUTE);
      return handle.query(caseView);
    },
    (v) => v.stuck,
    60_000,
  );
  database = 'up';
  await env.sleep(HOUR);
  await payInFull(handle);
  const final = await handle.result();
  expect(final.timeline.find((e) => e.type === 'retry')).toMatchObject({ actor: 'system' });
  await save(env, 'declaration-failed-write-retried-automatically', handle);
});
