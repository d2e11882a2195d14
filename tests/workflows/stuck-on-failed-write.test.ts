import { ApplicationFailure } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  arrivalRecordView,
  guaranteeView,
  supervise,
  transitView,
  type SupervisorAction,
} from '../../contracts';
import type { CaseProjection, OutboxMessage } from '../../contracts/projection';
import type { TimelineEvent } from '../../contracts/timeline';
import { createTimeSkippingEnv, eventually } from '../support/temporal';
import {
  freshGrn,
  guaranteeRegistration,
  rejection,
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
  withWorker,
  type Harness,
} from './transit-helpers';

/**
 * Issue 13, point 5, for the transit movement, the arrival record and the guarantee (runs since
 * `<kind>-stuck-on-failed-write`): a read-model write the database refuses for good (a non-retryable
 * data error) marks the case stuck with a `step-failed` reason (view and `Stuck` search attribute)
 * and the process waits; a supervisor's retry before the fix fails again, one after it writes what
 * the failed write held and the case moves on. Before, the data error failed the workflow.
 */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

/** The kinds of case whose read-model rows the database refuses, the outbox message types it refuses; what it stored. */
const refused = new Set<string>();
const stored: CaseProjection[] = [];
const sent: OutboxMessage[] = [];
const dataError = () =>
  ApplicationFailure.nonRetryable(
    'PostgreSQL refused the data (SQLSTATE 23514): new row violates check constraint',
    'DataError',
  );
const activities = {
  projectCase: async (p: CaseProjection) => {
    if (refused.has(p.kind)) throw dataError();
    stored.push(p);
  },
  enqueueExchangeMessages: async (messages: OutboxMessage[]) => {
    if (messages.some((m) => refused.has(m.type))) throw dataError();
    for (const m of messages) if (!sent.some((o) => o.messageId === m.messageId)) sent.push(m);
    return messages.length;
  },
};
const withFailingWorker = (fn: (h: Harness) => Promise<void>) => withWorker(env, fn, activities);

const retry = (reason: string): SupervisorAction => ({
  signal: 'retry',
  reason,
  actor: 'supervisor-1',
  role: 'supervisor',
});
type Viewed = { stuck: boolean; state: string; timeline: TimelineEvent[] };
const failures = (v: Viewed) => v.timeline.filter((e) => e.type === 'step-failed').length;
const stuckAttribute = async (handle: WorkflowHandle) =>
  (await handle.describe()).typedSearchAttributes.get({ name: 'Stuck', type: 'BOOL' } as any);

/** Every event of the case the database stored, in order: none lost, none written twice. */
const storedEvents = (caseId: string) =>
  stored.filter((p) => p.caseId === caseId).flatMap((p) => p.events.map((e) => `${e.seq} ${e.type}`));

/**
 * The common path: stuck with the reason; a retry before the fix fails again; the fix and a retry
 * move the case on, with every event stored once.
 */
async function stuckThenRetried(
  kind: string,
  handle: WorkflowHandle,
  view: () => Promise<Viewed>,
  movedOn: (v: Viewed) => boolean,
): Promise<Viewed> {
  const stuck = await eventually(view, (v) => v.stuck);
  expect(stuck.timeline.at(-1)).toMatchObject({
    type: 'step-failed',
    reason: expect.stringMatching(/^read-model write failed: PostgreSQL refused the data \(SQLSTATE 23514\)/),
    data: { step: 'read-model write', dataError: true },
  });
  expect(await stuckAttribute(handle)).toBe(true);
  expect(stored.filter((p) => p.caseId === handle.workflowId)).toEqual([]);

  await send(handle, supervise, retry('try again'));
  const again = await eventually(view, (v) => failures(v) === 2);
  expect(again.stuck).toBe(true);

  refused.delete(kind);
  await send(handle, supervise, retry('constraint dropped'));
  const moved = await eventually(view, (v) => !v.stuck && movedOn(v));
  expect(await stuckAttribute(handle)).toBe(false);
  const events = await eventually(
    async () => storedEvents(handle.workflowId),
    (e) => e.some((x) => x.endsWith(' retry')) && e.length >= 4,
  );
  expect(new Set(events).size).toBe(events.length);
  expect(events.map((e) => Number(e.split(' ')[0]))).toEqual(events.map((_, i) => i + 1));
  expect(await rejection(handle, supervise, retry('once more'))).toMatch(
    /retry applies to a case stuck on a failed step/,
  );
  return moved;
}

test('transit: a refused read-model write marks the movement stuck; retried once fixed, it is released', async () => {
  await withFailingWorker(async ({ taskQueue }) => {
    const grn = freshGrn();
    await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    refused.add('transit');
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    const stuck = await eventually(
      () => t.query(transitView),
      (v) => v.stuck,
    );
    expect(stuck.state).toBe('ACCEPTED');
    const moved = await stuckThenRetried(
      'transit',
      t,
      () => t.query(transitView),
      (v) => v.state === 'RELEASED_FOR_TRANSIT',
    );
    expect((moved as unknown as { guarantee: { status: string } }).guarantee.status).toBe('RESERVED');
    const aar = sent.filter((m) => m.caseId === t.workflowId && m.type === 'ANTICIPATED_ARRIVAL_RECORD');
    expect(aar).toHaveLength(1);
  });
});

test('transit: a refused outbox write (the anticipated records) marks the movement stuck; retried once fixed, they are sent once', async () => {
  await withFailingWorker(async ({ taskQueue, inbox }) => {
    const grn = freshGrn();
    await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    refused.add('ANTICIPATED_ARRIVAL_RECORD');
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    const stuck = await eventually(
      () => t.query(transitView),
      (v) => v.stuck,
    );
    expect(stuck.state).toBe('RELEASED_FOR_TRANSIT');
    expect(stuck.timeline.at(-1)).toMatchObject({
      type: 'step-failed',
      reason: expect.stringMatching(/^outbox write failed: PostgreSQL refused the data/),
    });
    expect(inbox.filter((m) => m.movementCaseId === t.workflowId)).toEqual([]);
    refused.delete('ANTICIPATED_ARRIVAL_RECORD');
    await send(t, supervise, retry('outbox repaired'));
    await eventually(
      async () => inbox.filter((m) => m.movementCaseId === t.workflowId),
      (m) => m.length === 1,
    );
    const v = await eventually(
      () => t.query(transitView),
      (x) => x.pending !== undefined,
    );
    expect(v.stuck).toBe(false);
    expect(v.pending?.action).toBe('notify arrival at the office of destination');
    const aar = sent.filter((m) => m.caseId === t.workflowId && m.type === 'ANTICIPATED_ARRIVAL_RECORD');
    expect(aar).toHaveLength(1);
  });
});

test('arrival record: a refused read-model write marks the record stuck; retried once fixed, it follows the movement', async () => {
  await withFailingWorker(async ({ taskQueue }) => {
    const grn = freshGrn();
    await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    refused.add('arrival');
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => t.query(transitView),
      (v) => v.state === 'RELEASED_FOR_TRANSIT',
    );
    const a = env.client.workflow.getHandle(`arrival/${t.workflowId.split('/')[1]}`);
    const view = () =>
      a.query(arrivalRecordView).catch(() => ({ stuck: false, state: 'NOT_STARTED', timeline: [] }));
    const moved = await stuckThenRetried('arrival', a, view, (v) => v.state === 'ANTICIPATED');
    expect(moved.timeline.map((e) => e.type)).toEqual([
      'state',
      'step-failed',
      'retry',
      'step-failed',
      'retry',
    ]);
    expect(stored.find((p) => p.caseId === a.workflowId)).toMatchObject({
      state: 'ANTICIPATED',
      stuck: false,
    });
  });
});

test('guarantee: a refused read-model write marks the guarantee stuck; it still answers reservations; retried once fixed, it is written', async () => {
  await withFailingWorker(async ({ taskQueue }) => {
    const grn = freshGrn();
    refused.add('guarantee');
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const view = () => g.query(guaranteeView);
    const stuck = await eventually(view, (v) => v.stuck);
    expect(stuck.state).toBe('ACTIVE');
    // The ledger is the workflow's, not the read model's: a movement is still reserved while stuck.
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    await eventually(
      () => t.query(transitView),
      (v) => v.state === 'RELEASED_FOR_TRANSIT',
    );
    await stuckThenRetried('guarantee', g, view, (v) => v.state === 'ACTIVE');
    expect((await view()).balance.openReservations).toHaveLength(1);
  });
});
