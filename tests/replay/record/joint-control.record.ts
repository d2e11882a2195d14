import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bookJointInspection,
  recordEntryReinspection,
  recordJointInspection,
  requestEntryReinspection,
} from '../../../contracts';
import { createTimeSkippingEnv } from '../../support/temporal';
import {
  HOUR,
  jointInput,
  send,
  startJoint,
  until,
  withJointWorker,
} from '../../workflows/joint-control-harness';
import { save, states } from './save';

/** Joint controls at Khorgos: each scenario on a test server of its own. */
async function inOwn(fn: (env: TestWorkflowEnvironment) => Promise<void>) {
  const env = await createTimeSkippingEnv();
  try {
    await fn(env);
  } finally {
    await env.teardown();
  }
}

const officers = [
  { country: 'CN', officer: 'Li Wei' },
  { country: 'KZ', officer: 'Aliev' },
];

test('joint control: sealed, green, AEO: no stop', async () => {
  await inOwn((env) =>
    withJointWorker(env, async ({ taskQueue }) => {
      const h = await startJoint(env, taskQueue, jointInput({ aeo: true }));
      const v = await until(h, (x) => x.state === 'ENTRY_ACCEPTED' && x.movementCrossings.length === 2);
      expect(states(v)).toEqual(['ARRIVED', 'EXIT_CONFIRMED', 'ENTRY_ACCEPTED']);
      await save(env, 'joint-control-no-stop', h);
    }),
  );
});

test('joint control: stuck unbooked, then one inspection, the entry side inspects again and refuses entry', async () => {
  await inOwn((env) =>
    withJointWorker(env, async ({ taskQueue }) => {
      const h = await startJoint(env, taskQueue, jointInput());
      await until(h, (x) => x.state === 'AWAITING_INSPECTION');
      await env.sleep(4 * HOUR + 60_000);
      await until(h, (x) => x.stuck);
      await send(h, bookJointInspection, { actor: 'kz-1', country: 'KZ', slot: '2026-12-02T10:00:00Z' });
      await send(h, recordJointInspection, {
        actor: 'cn-1',
        country: 'CN',
        result: 'CONFORM',
        officers,
        sealsIntact: true,
      });
      await send(h, requestEntryReinspection, { actor: 'kz-1', country: 'KZ', reason: 'x-ray differs' });
      await send(h, recordEntryReinspection, {
        actor: 'kz-1',
        country: 'KZ',
        result: 'NON_CONFORM',
        findings: 'undeclared',
      });
      const v = await until(h, (x) => x.state === 'ENTRY_REFUSED' && x.movementCrossings.length === 1);
      expect(states(v)).toEqual([
        'ARRIVED',
        'AWAITING_INSPECTION',
        'INSPECTION_BOOKED',
        'EXIT_CONFIRMED',
        'ENTRY_REINSPECTION',
        'ENTRY_REFUSED',
      ]);
      await save(env, 'joint-control-reinspected-entry-refused', h);
    }),
  );
});
