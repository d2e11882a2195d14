import { createTimeSkippingEnv } from '../../support/temporal';
import { jointInput, startJoint, until, withJointWorker } from '../../workflows/joint-control-harness';
import { save, states } from './save';

/** A joint control of an export (KZ to CN at Khorgos): no movement to tell, only the exit to confirm. */
test('joint control: an export, sealed, green, AEO: no stop, its exit confirmed from data', async () => {
  const env = await createTimeSkippingEnv();
  try {
    await withJointWorker(env, async ({ taskQueue }) => {
      const base = jointInput({ kind: 'export', aeo: true, routeCountries: ['KZ', 'CN'] });
      const input = {
        ...base,
        exit: { office: 'KZKHO001', country: 'KZ' },
        entry: { office: 'CNKHO001', country: 'CN' },
        movement: { ...base.movement, holderTin: 'KZ123456789012' },
      };
      const h = await startJoint(env, taskQueue, input);
      const v = await until(h, (x) => x.state === 'ENTRY_ACCEPTED' && x.movementCrossings.length === 1);
      expect(states(v)).toEqual(['ARRIVED', 'EXIT_CONFIRMED', 'ENTRY_ACCEPTED']);
      await save(env, 'joint-control-export-no-stop', h);
    });
  } finally {
    await env.teardown();
  }
});
