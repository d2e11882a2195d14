import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { recordControlResult } from '../../../contracts';
import { createTimeSkippingEnv } from '../../support/temporal';
import {
  controlResult,
  declaration,
  inState,
  update,
  viewOf,
  type Harness,
  startHarness,
} from '../../workflows/declaration-harness';
import { payInFull, save } from './save';

/**
 * Declarations under `declaration-one-write-per-task`: the steps of a task write the read model
 * once, when the task waits or the run ends; an SLA breach, which happens while the flow waits,
 * writes at once.
 */
let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'record');
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

test('declaration (one write per task): green lane, duties paid, released', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  await payInFull(handle);
  await viewOf(handle, (v) => v.state === 'RELEASED');
  expect((await handle.result()).state).toBe('RELEASED');
  await save(env, 'declaration-green-paid-one-write', handle);
});

test('declaration (one write per task): red lane, stuck past its SLA, conform control, paid, released', async () => {
  const handle = await h.start(declaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  await env.sleep(5 * 3_600_000); // past the 4 h UNDER_CONTROL SLA
  await viewOf(handle, (v) => v.stuck);
  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  await payInFull(handle);
  expect((await handle.result()).state).toBe('RELEASED');
  await save(env, 'declaration-red-stuck-control-one-write', handle);
});
