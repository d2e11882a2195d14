import { Worker } from '@temporalio/worker';
import { createAlertActivities } from '../../../activities/alert';
import {
  alertView,
  recordAlertResult,
  recordBorderCrossing,
  transitView,
  type AlertInput,
  type AlertView,
} from '../../../contracts';
import { bundlePath, createTimeSkippingEnv, eventually, uniqueQueue } from '../../support/temporal';
import { declaration, startHarness, viewOf } from '../../workflows/declaration-harness';
import {
  DAY,
  freshGrn,
  guaranteeRegistration,
  send,
  startGuarantee,
  startTransit,
  transitDeclaration,
} from '../../workflows/transit-helpers';
import { inOwnEnv, payInFull, save } from './save';

/**
 * Intelligence alerts: the alert's own history, and the first histories of a transit movement and a
 * declaration under their alert patches (`transit-intelligence-alerts`, `declaration-alert-subjects`).
 */
test('alert: a matched movement held, its control result recorded, the hold cleared, the alert expired', async () => {
  await inOwnEnv(async (env, { taskQueue }) => {
    const grn = freshGrn();
    await startGuarantee(env, taskQueue, guaranteeRegistration(grn));
    const t = await startTransit(env, taskQueue, transitDeclaration(grn));
    const v = await eventually(
      () => t.query(transitView),
      (x) => x.state === 'RELEASED_FOR_TRANSIT',
    );
    const match = {
      caseId: v.caseId,
      kind: 'transit' as const,
      mrn: v.mrn,
      country: 'KZ',
      route: ['CN', 'KZ', 'KG'],
    };
    const alertQueue = uniqueQueue('alert-record');
    const notices = createAlertActivities({ pool: undefined as never, client: env.client });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: alertQueue,
      workflowBundle: { codePath: bundlePath() },
      activities: {
        findAlertMatches: async () => [match],
        deliverAlertNotices: notices.deliverAlertNotices,
        publishCase: async () => undefined,
      },
    });
    await worker.runUntil(async () => {
      const now = Date.now();
      const input: AlertInput = {
        alertId: 'KZ-LRECORDED0000001',
        country: 'KZ',
        actor: 'kz-officer',
        raisedByRole: 'officer',
        subject: { kind: 'vehicle', registration: 'XJA12345' },
        severity: 'HIGH',
        reason: 'vehicle seen with a double floor',
        raisedAt: new Date(now).toISOString(),
        validUntil: new Date(now + 2 * DAY).toISOString(),
        recipients: ['UZ'],
        settings: { resultGraceMs: DAY },
      };
      const a = await env.client.workflow.start('alertWorkflow', {
        taskQueue: alertQueue,
        workflowId: `alert/${input.alertId}`,
        args: [input],
      });
      await eventually(
        () => t.query(transitView),
        (x) => x.timeline.some((e) => e.type === 'alert-hold'),
      );
      await send(a, recordAlertResult, {
        caseId: v.caseId,
        found: false,
        actor: 'kz-officer',
        country: 'KZ',
      });
      await eventually(
        () => t.query(transitView),
        (x) => x.timeline.some((e) => e.type === 'alert-cleared'),
      );
      await send(t, recordBorderCrossing, { office: 'KZKHO001', officer: 'kz-officer', sealsIntact: true });
      await env.sleep(2 * DAY + 1000);
      expect(((await a.result()) as AlertView).state).toBe('EXPIRED');
      expect((await a.query(alertView)).hits.controlled).toBe(1);
      await save(env, 'alert-transit-held-result-expired', a);
      await save(env, 'transit-alert-hold-cleared', t);
    });
  });
});

test('declaration: green lane, paid, released, with its vehicle and TINs as search attributes', async () => {
  const env = await createTimeSkippingEnv();
  const h = await startHarness(env, 'record-alert');
  try {
    const handle = await h.start(declaration('TIN-ALERTSUBJ'));
    await payInFull(handle);
    await viewOf(handle, (x) => x.state === 'RELEASED');
    expect((await handle.result()).state).toBe('RELEASED');
    await save(env, 'declaration-green-paid-alert-subjects', handle);
  } finally {
    await h.close();
    await env.teardown();
  }
});
