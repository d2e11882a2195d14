import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { fetchHistory, historyAsJson } from '../../../apps/shared/histories';
import { confirmPayment, recordPayment, transitView, type TransitView } from '../../../contracts';
import { createTimeSkippingEnv, eventually } from '../../support/temporal';
import {
  inState,
  startHarness as startDeclarationHarness,
  type Harness as DeclarationHarness,
} from '../../workflows/declaration-harness';
import { withWorker, type Harness as TransitHarness } from '../../workflows/transit-helpers';

/**
 * Shared by the recorder files (tests/replay/record/*.record.ts, run by `npm run histories:record`,
 * not by `npm test`). Each scenario drives one workflow type through one path with the test
 * harnesses' local activities and writes its history to tests/replay/histories/<scenario>.json.
 * Record a new scenario when a workflow gains a path; never re-record an existing one to make a
 * replay failure go away: that failure is the incompatibility `patched()` must cover. An existing
 * fixture is therefore kept (the scenario still runs and asserts); `-t '<scenario>'` records just one.
 */
export const OUT = path.join(__dirname, '..', 'histories');

/**
 * `HISTORY_SUFFIX=-lean` records every scenario again under a new name: when a `patched()` branch
 * changes what the scenarios issue, the fixtures of the older code stay and the new branch gets its own.
 */
const SUFFIX = process.env.HISTORY_SUFFIX ?? '';

/** Writes the history of the workflow's latest run, or of run `runId` (one run of a continued-as-new chain). */
export async function save(
  on: TestWorkflowEnvironment,
  name: string,
  handle: WorkflowHandle,
  runId?: string,
): Promise<void> {
  const history = runId
    ? await on.client.workflow.getHandle(handle.workflowId, runId).fetchHistory()
    : (await fetchHistory(on.client, handle.workflowId)).history;
  const events = history.events?.length ?? 0;
  expect(events).toBeGreaterThan(5);
  name = `${name}${SUFFIX}`;
  const file = path.join(OUT, `${name}.json`);
  if (fs.existsSync(file)) {
    console.log(`kept ${name}: the committed fixture is not overwritten (${events} events recorded now)`);
    return;
  }
  fs.mkdirSync(OUT, { recursive: true });
  const json = { workflowId: handle.workflowId, scenario: name, history: historyAsJson(history) };
  fs.writeFileSync(file, JSON.stringify(json, null, 1) + '\n');
  console.log(`recorded ${name}: ${events} events`);
}

/**
 * Pays what the declaration owes in full, as the treasury's confirmation would: by the
 * `confirmPayment` signal (what the API sent before 2026-12-03), or by the `recordPayment` update.
 */
export async function payInFull(
  handle: WorkflowHandle,
  reference = 'PAY-REC-1',
  by: 'signal' | 'update' = 'signal',
) {
  const v = await inState(handle, 'AWAITING_PAYMENT');
  const payment = {
    method: 'PAYMENT' as const,
    reference,
    amount: v.payment!.due,
    currency: v.payment!.currency,
    actor: 'treasury',
  };
  if (by === 'update') await handle.executeUpdate(recordPayment, { args: [payment] });
  else await handle.signal(confirmPayment, payment);
  return v;
}

/**
 * A time-skipping server and a declaration harness for one recorder file, set up before its
 * scenarios and torn down after.
 */
export function declarationRecorder(): { env: TestWorkflowEnvironment; h: DeclarationHarness } {
  const ctx = {} as { env: TestWorkflowEnvironment; h: DeclarationHarness };
  beforeAll(async () => {
    ctx.env = await createTimeSkippingEnv();
    ctx.h = await startDeclarationHarness(ctx.env, 'record');
  });
  afterAll(async () => {
    await ctx.h?.close();
    await ctx.env?.teardown();
  });
  return ctx;
}

/** Types of the state entries of a timeline, in order. */
export const states = (v: { timeline: { type: string; state?: string }[] }) =>
  v.timeline.filter((e) => e.type === 'state').map((e) => e.state);

/**
 * Runs a transit/guarantee scenario on a time-skipping server of its own: the guarantee's long
 * validity timers and the days skipped by one scenario then never reach another. `activities`
 * replace the harness's own (withWorker).
 */
export async function inOwnEnv(
  fn: (env: TestWorkflowEnvironment, h: TransitHarness) => Promise<void>,
  activities?: Parameters<typeof withWorker>[2],
): Promise<void> {
  const env = await createTimeSkippingEnv();
  try {
    await withWorker(env, (h) => fn(env, h), activities);
  } finally {
    await env.teardown();
  }
}

/**
 * The movement's view once it completed, read by query with time still locked: awaiting `result()`
 * would unlock time skipping and let the server jump to the guarantee's timers months ahead.
 */
export async function settledMovement(t: WorkflowHandle): Promise<TransitView> {
  await eventually(
    () => t.describe(),
    (d) => d.status.name !== 'RUNNING',
  );
  expect((await t.describe()).status.name).toBe('COMPLETED');
  return t.query(transitView);
}

/** Makes a refused update's reason the test failure. */
export const explain = (e: { cause?: { message?: string } }) => {
  throw new Error(`update refused: ${e.cause?.message ?? String(e)}`);
};
