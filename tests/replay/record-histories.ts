import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { fetchHistory, historyAsJson } from '../../apps/shared/histories';
import {
  arrivalRecordView,
  caseView,
  confirmPayment,
  recordDepartureControl,
  notifyArrival,
  recordBorderCrossing,
  recordControlResult,
  recordUnloadingRemarks,
  supervise,
  transitView,
} from '../../contracts';
import { createTimeSkippingEnv, eventually } from '../support/temporal';
import { DAY, controlResult, declaration, inState, startHarness, update, viewOf, type Harness } from '../workflows/declaration-harness';
import { freshGrn, guaranteeRegistration, send, startGuarantee, startTransit, transitDeclaration, withWorker } from '../workflows/transit-helpers';

/**
 * Records the replay fixtures (run by `npm run histories:record`, not by `npm test`). Each scenario
 * drives one workflow type through a representative path with the test harnesses' local activities
 * and writes its history to tests/replay/histories/<scenario>.json. Record a new scenario when a
 * workflow gains a path; never re-record an existing one to make a replay failure go away: that
 * failure is the incompatibility `patched()` must cover. An existing fixture is therefore kept (the
 * scenario still runs); `npm run histories:record -- -t '<scenario>'` records just one.
 */
const OUT = path.join(__dirname, 'histories');
let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'record');
  fs.mkdirSync(OUT, { recursive: true });
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

async function save(on: TestWorkflowEnvironment, name: string, handle: WorkflowHandle): Promise<void> {
  const { history } = await fetchHistory(on.client, handle.workflowId);
  const file = path.join(OUT, `${name}.json`);
  expect(history.events?.length ?? 0).toBeGreaterThan(5);
  if (fs.existsSync(file)) {
    console.log(`kept ${name}: the committed fixture is not overwritten (${history.events?.length} events recorded now)`);
    return;
  }
  fs.writeFileSync(file, JSON.stringify({ workflowId: handle.workflowId, scenario: name, history: historyAsJson(history) }, null, 1) + '\n');
  expect(history.events?.length ?? 0).toBeGreaterThan(5);
  console.log(`recorded ${name}: ${history.events?.length} events`);
}

async function payInFull(handle: WorkflowHandle) {
  const v = await inState(handle, 'AWAITING_PAYMENT');
  await handle.signal(confirmPayment, { method: 'PAYMENT', reference: 'PAY-REC-1', amount: v.payment!.due, currency: v.payment!.currency, actor: 'treasury' });
}

test('declaration: green lane, duties paid, released, post-release window closed', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  await payInFull(handle);
  await viewOf(handle, (v) => v.state === 'RELEASED');
  expect((await handle.result()).state).toBe('RELEASED');
  await save(env, 'declaration-green-paid', handle);
});

test('declaration: red lane, SLA breach, supervisor escalation, conform control, paid, released', async () => {
  const handle = await h.start(declaration('TIN-RED'));
  await inState(handle, 'UNDER_CONTROL');
  await env.sleep(5 * 3_600_000); // past the 4 h UNDER_CONTROL SLA
  await viewOf(handle, (v) => v.stuck);
  await update(handle, supervise, { signal: 'escalate', reason: 'examination team short-staffed', actor: 'sup-1', role: 'supervisor' });
  await update(handle, recordControlResult, controlResult('KZALA001', 'CONFORM'));
  await payInFull(handle);
  expect((await handle.result()).state).toBe('RELEASED');
  await save(env, 'declaration-red-control', handle);
});

test('declaration: query lane, unanswered until its deadline, not released', async () => {
  const handle = await h.start(declaration('TIN-QUERY'));
  await inState(handle, 'QUERIED');
  await env.sleep(8 * DAY);
  const v = await viewOf(handle, (x) => x.state === 'NOT_RELEASED');
  expect(v.state).toBe('NOT_RELEASED');
  await handle.result();
  await save(env, 'declaration-query-unanswered', handle);
  expect((await handle.query(caseView)).state).toBe('NOT_RELEASED');
});

// Its own test server: the declaration scenarios skip days of server time, and the guarantee's
// long validity timers would otherwise make every later wait jump months ahead.
test('transit and guarantee: Urumqi -> Khorgos -> Ak-Zhol -> Bishkek, written off, reservation released', async () => {
  const tenv = await createTimeSkippingEnv();
  try {
    await recordTransit(tenv);
  } finally {
    await tenv.teardown();
  }
});

async function recordTransit(env: TestWorkflowEnvironment) {
  await withWorker(env, async ({ taskQueue }) => {
    const grn = freshGrn();
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(() => t.query(transitView), (x) => x.state === 'RELEASED_FOR_TRANSIT');
    await env.sleep(DAY);
    const explain = (e: { cause?: { message?: string } }) => {
      throw new Error(`update refused: ${e.cause?.message ?? String(e)}`);
    };
    await send(t, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer', sealsIntact: true }).catch(explain);
    await send(t, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg-officer', sealsIntact: true }).catch(explain);
    await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' }).catch(explain);
    await send(t, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true }).catch(explain);
    const v = await eventually(() => t.query(transitView), (x) => x.state === 'WRITTEN_OFF' && x.guarantee.status === 'RELEASED');
    expect(v.state).toBe('WRITTEN_OFF');
    await save(env, 'transit-written-off', t);
    await save(env, 'guarantee-reserved-released', g);
  });
}

// Movements lodged after the `transit-receiving-office` and `transit-sla` patches: a RED movement stuck
// under control past its SLA, released, crossed, arrived and written off; the office of destination's
// arrival record follows it from the anticipated arrival record to the write-off.
test('transit with receiving office and SLA: stuck under control, released, written off; arrival record closed', async () => {
  const tenv = await createTimeSkippingEnv();
  try {
    await withWorker(tenv, async ({ taskQueue }) => {
      const grn = freshGrn();
      const g = await startGuarantee(tenv, taskQueue, guaranteeRegistration(grn));
      const unsealed = transitDeclaration(grn, (t) => {
        t.transport.seals = [];
        t.transport.containers = [];
      });
      const t = await startTransit(tenv, taskQueue, unsealed, { settings: { slaByStateMs: { UNDER_CONTROL: 4 * 3_600_000, ARRIVED: DAY } } });
      await eventually(() => t.query(transitView), (x) => x.state === 'UNDER_CONTROL');
      await tenv.sleep(5 * 3_600_000);
      await eventually(() => t.query(transitView), (x) => x.stuck);
      await send(t, recordDepartureControl, { office: 'CNURU001', officer: 'cn-officer', result: 'CONFORM', seals: ['CNS900001'] });
      await eventually(() => t.query(transitView), (x) => x.state === 'RELEASED_FOR_TRANSIT');
      await send(t, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer', sealsIntact: true });
      await send(t, recordBorderCrossing, { office: 'KGAKZ001', officer: 'kg-officer', sealsIntact: true });
      await send(t, notifyArrival, { office: 'KGBIS001', officer: 'kg-dest' });
      await send(t, recordUnloadingRemarks, { office: 'KGBIS001', officer: 'kg-dest', conform: true });
      const v = await eventually(() => t.query(transitView), (x) => x.state === 'WRITTEN_OFF' && x.guarantee.status === 'RELEASED');
      expect(v.state).toBe('WRITTEN_OFF');
      const a = tenv.client.workflow.getHandle(`arrival/${t.workflowId.split('/')[1]}`);
      await eventually(() => a.describe(), (d) => d.status.name === 'COMPLETED');
      expect((await a.query(arrivalRecordView)).state).toBe('WRITTEN_OFF');
      await save(tenv, 'transit-sla-receiving-office', t);
      await save(tenv, 'arrival-record-written-off', a);
      await g.terminate('recorded');
    });
  } finally {
    await tenv.teardown();
  }
});
