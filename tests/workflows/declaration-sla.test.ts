import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { caseView, recordControlResult } from '../../contracts';
import { createTimeSkippingEnv } from '../support/temporal';
import {
  HOUR,
  controlResult,
  declaration,
  inState,
  rejection,
  startHarness,
  update,
  viewOf,
  stop,
  type Harness,
} from './declaration-harness';

let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'decl-sla');
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

test('a control left past its SLA is marked stuck and the supervisor notified; a second breach escalates', async () => {
  // UNDER_CONTROL has a 4 h SLA in the test settings (config: per office and state).
  const handle = await h.start(declaration('TIN-YELLOW'));
  const entered = await inState(handle, 'UNDER_CONTROL');
  expect(entered.stuck).toBe(false);
  const since = entered.timeline.at(-1)!;

  await env.sleep(4 * HOUR + 60_000);
  let view = await viewOf(handle, (v) => v.stuck);
  expect(view.stuck).toBe(true);
  expect(view.escalations).toBe(0);
  const breach = view.timeline.find((e) => e.type === 'sla-breach')!;
  expect(breach.state).toBe('UNDER_CONTROL');
  expect(Date.parse(breach.at) - Date.parse(since.at)).toBeGreaterThanOrEqual(4 * HOUR);
  expect(view.stuckSince).toBe(breach.at);
  expect(h.notices.filter((n) => n.caseId === handle.workflowId)).toEqual([
    expect.objectContaining({ kind: 'stuck', office: 'KZALA001', state: 'UNDER_CONTROL' }),
  ]);
  const described = await handle.describe();
  expect(described.typedSearchAttributes.get({ name: 'Stuck', type: 'BOOL' } as any)).toBe(true);
  expect(described.typedSearchAttributes.get({ name: 'Channel', type: 'KEYWORD' } as any)).toBe('YELLOW');

  await env.sleep(4 * HOUR);
  view = await viewOf(handle, (v) => v.escalations > 0);
  expect(view.escalations).toBe(1);
  expect(view.timeline.at(-1)?.type).toBe('escalated');
  expect(h.notices.filter((n) => n.caseId === handle.workflowId).map((n) => n.kind)).toEqual([
    'stuck',
    'escalated',
  ]);

  // After the escalation no further SLA timer runs: a day later nothing new has happened.
  await env.sleep(24 * HOUR);
  expect((await handle.query(caseView)).timeline).toHaveLength(view.timeline.length);

  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  const after = await inState(handle, 'AWAITING_PAYMENT');
  expect(after.stuck).toBe(false);
  expect(after.stuckSince).toBeUndefined();
  await stop(handle);
});

test('refuses a control result from an office that does not handle the case', async () => {
  const handle = await h.start(declaration('TIN-YELLOW'));
  await inState(handle, 'UNDER_CONTROL');
  expect(await rejection(update(handle, recordControlResult, controlResult('KGBIS001', 'CONFORM')))).toMatch(
    /does not handle this case/,
  );
  expect((await handle.query(caseView)).state).toBe('UNDER_CONTROL');
  await stop(handle);
});
