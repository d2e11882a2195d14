import { ApplicationFailure } from '@temporalio/common';
import { supervise } from '../../../contracts';
import { createTimeSkippingEnv } from '../../support/temporal';
import { save } from './save';
import { jointInput, send, startJoint, until, withJointWorker } from '../../workflows/joint-control-harness';

/**
 * A joint control under `joint-control-stuck-on-failed-decision`: the entry side has no risk profile,
 * the case is stuck with the reason, a supervisor's retry once the profile is there moves it on.
 */
test('joint control: a side without a risk profile, stuck, retried, no stop', async () => {
  let missing = true;
  const env = await createTimeSkippingEnv();
  try {
    await withJointWorker(
      env,
      async ({ taskQueue }) => {
        const h = await startJoint(env, taskQueue, jointInput({ aeo: true }));
        await until(h, (x) => x.stuck);
        missing = false;
        await send(h, supervise, {
          signal: 'retry',
          role: 'supervisor',
          actor: 'sup-1',
          reason: 'profile on',
        });
        expect((await h.result()).state).toBe('ENTRY_ACCEPTED');
        await save(env, 'joint-control-failed-decision-retried', h);
      },
      {
        assess: (real) => async (req) => {
          if (missing && req.side.country === 'KZ')
            throw ApplicationFailure.nonRetryable('no risk profile for country KZ', 'RiskProfileNotFound');
          return real(req);
        },
      },
    );
  } finally {
    await env.teardown();
  }
});
