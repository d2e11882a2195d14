import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createAlertActivities } from '../../activities/alert';
import {
  alertView,
  recordAlertResult,
  recordBorderCrossing,
  transitView,
  type AlertInput,
  type AlertMatchFound,
  type AlertView,
} from '../../contracts';
import type { OutboxMessage } from '../../contracts/projection';
import { bundlePath, createTimeSkippingEnv, eventually, uniqueQueue } from '../support/temporal';
import {
  DAY,
  freshGrn,
  guaranteeRegistration,
  rejection,
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
  withWorker,
} from './transit-helpers';

// A server of its own per test: movements left running move the skipped clock on by years.
let env: TestWorkflowEnvironment;
beforeEach(async () => {
  env = await createTimeSkippingEnv();
});
afterEach(async () => {
  await env?.teardown();
});

let serial = 0;
function alertInput(overrides: Partial<AlertInput> = {}): AlertInput {
  const now = Date.now();
  return {
    alertId: `KZ-L${String(now).slice(-10)}${String(serial++).padStart(6, '0')}`,
    country: 'KZ',
    actor: 'kz-officer',
    raisedByRole: 'officer',
    subject: { kind: 'vehicle', registration: 'XJA 12345' },
    severity: 'HIGH',
    reason: 'vehicle seen with double floor',
    raisedAt: new Date(now).toISOString(),
    validUntil: new Date(now + 2 * DAY).toISOString(),
    recipients: [],
    settings: { resultGraceMs: DAY },
    ...overrides,
  };
}

/** An alert worker whose visibility query answers `found`; notices go to the real workflows. */
async function withAlertWorker<T>(
  found: AlertMatchFound[],
  fn: (q: { taskQueue: string; outbox: OutboxMessage[] }) => Promise<T>,
): Promise<T> {
  const taskQueue = uniqueQueue('alert');
  const outbox: OutboxMessage[] = [];
  const real = createAlertActivities({ pool: undefined as never, client: env.client });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: bundlePath() },
    activities: {
      findAlertMatches: async () => found,
      deliverAlertNotices: real.deliverAlertNotices,
      publishCase: async (_p: unknown, messages: OutboxMessage[]) => {
        outbox.push(...messages);
      },
    },
  });
  return worker.runUntil(fn({ taskQueue, outbox }));
}

const startAlert = (taskQueue: string, input: AlertInput) =>
  env.client.workflow.start('alertWorkflow', {
    taskQueue,
    workflowId: `alert/${input.alertId}`,
    args: [input],
  });

test('a matched transit movement is held for a control until its result reaches the alert; the result goes to the raiser', async () => {
  await withWorker(env, async ({ taskQueue: transitQueue }) => {
    const grn = freshGrn();
    await startGuarantee(env, transitQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, transitQueue, transitDeclaration(grn));
    const released = await eventually(
      () => t.query(transitView),
      (v) => v.state === 'RELEASED_FOR_TRANSIT',
    );
    const match: AlertMatchFound = {
      caseId: released.caseId,
      kind: 'transit',
      mrn: released.mrn,
      country: 'KZ',
      route: ['CN', 'KZ', 'KG'],
    };
    await withAlertWorker([match], async ({ taskQueue, outbox }) => {
      const input = alertInput({ country: 'UZ', recipients: ['TJ'] });
      const a = await startAlert(taskQueue, input);
      await eventually(
        () => t.query(transitView),
        (v) => v.timeline.some((e) => e.type === 'alert-hold'),
      );
      const crossing = { office: 'KZKHO001', officer: 'kz-officer', sealsIntact: true };
      expect(await rejection(t, recordBorderCrossing, crossing)).toMatch(/intelligence alert/);

      expect(
        await rejection(a, recordAlertResult, {
          caseId: match.caseId,
          found: true,
          actor: 'kg-officer',
          country: 'KG',
        }),
      ).toMatch(/controlled by KZ/);
      const after = await send<AlertView>(a, recordAlertResult, {
        caseId: match.caseId,
        found: true,
        what: 'undeclared cigarettes behind the front wall',
        actor: 'kz-officer',
        country: 'KZ',
      });
      expect(after.hits).toEqual({ controlled: 1, found: 1, rate: '1' });
      await eventually(
        () => t.query(transitView),
        (v) => v.timeline.some((e) => e.type === 'alert-cleared'),
      );
      await send(t, recordBorderCrossing, crossing);

      const view = await a.query(alertView);
      expect(view.recipients).toEqual(['CN', 'KG', 'KZ', 'TJ']);
      expect(view.matches[0].result).toMatchObject({ found: true, country: 'KZ' });
      await eventually(
        async () => outbox.map((m) => `${m.type}>${m.destination}`).sort(),
        (xs) => xs.includes('intelligence-alert-result>partner:UZ'),
      );
      expect(
        outbox
          .filter((m) => m.type === 'intelligence-alert')
          .map((m) => m.destination)
          .sort(),
      ).toEqual(['partner:CN', 'partner:KG', 'partner:KZ', 'partner:TJ']);
      await env.sleep(2 * DAY + 1000);
      expect(((await a.result()) as AlertView).state).toBe('EXPIRED');
    });
  });
});

test('an alert with no match expires by its validity timer and ends', async () => {
  await withAlertWorker([], async ({ taskQueue }) => {
    const input = alertInput();
    const h = await startAlert(taskQueue, input);
    const active = await eventually(
      () => h.query(alertView),
      (v) => v.timeline.length > 0,
    );
    expect(active.state).toBe('ACTIVE');
    await env.sleep(2 * DAY + 1000);
    const done = (await h.result()) as AlertView;
    expect(done.state).toBe('EXPIRED');
    expect(done.expiredAt! >= input.validUntil).toBe(true);
  });
});
