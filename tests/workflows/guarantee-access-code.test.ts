import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { guaranteeBalance, guaranteeView, reserveGuarantee, type ReserveRequest } from '../../contracts';
import { createTimeSkippingEnv, eventually } from '../support/temporal';
import {
  freshGrn,
  freshMrn,
  guaranteeRegistration,
  rejection,
  startGuarantee,
  withWorker,
} from './transit-helpers';

/**
 * Access-code attempts are limited per guarantee (issue 13, point 6): the guarantee workflow counts
 * wrong codes and locks itself after `codeLockout.attempts` in a row, for `lockMs`. Runs since
 * `guarantee-access-code-lockout` (replay fixture guarantee-access-code-locked).
 */
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const MINUTE = 60_000;
const request = (accessCode: string, mrn = freshMrn()): ReserveRequest => ({
  mrn,
  amount: '10.00',
  currency: 'USD',
  accessCode,
  countries: ['CN', 'KZ', 'KG'],
  offices: ['CNURU001'],
});

test('the third wrong code in a row locks the guarantee: the right code is refused until the lock ends, then reserves', async () => {
  await withWorker(env, async ({ taskQueue }) => {
    const g = await startGuarantee(env, taskQueue, guaranteeRegistration(freshGrn()), {
      codeLockout: { attempts: 3, lockMs: 15 * MINUTE },
    });
    expect(await rejection(g, reserveGuarantee, request('0000'))).toMatch(/^wrong access code/);
    expect(await rejection(g, reserveGuarantee, request('7391', freshMrn()))).toBe('accepted'); // resets
    for (const code of ['0001', '0002'])
      expect(await rejection(g, reserveGuarantee, request(code))).toMatch(/^wrong access code/);
    expect(await rejection(g, reserveGuarantee, request('0003'))).toMatch(
      /3 in a row, reservations are refused until/,
    );
    expect(await rejection(g, reserveGuarantee, request('7391'))).toMatch(
      /locked after too many wrong access codes/,
    );
    const locked = await eventually(
      () => g.query(guaranteeView),
      (v) => v.timeline.some((e) => e.type === 'access-code-locked'),
    );
    expect(locked.balance).toMatchObject({ reserved: '10.00', accessLockedUntil: expect.any(String) });
    await env.sleep(16 * MINUTE);
    expect(await rejection(g, reserveGuarantee, request('7391'))).toBe('accepted');
    expect((await g.query(guaranteeBalance)).reserved).toBe('20.00');
  });
});
