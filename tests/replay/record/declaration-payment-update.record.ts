import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { recordPayment } from '../../../contracts';
import { createTimeSkippingEnv } from '../../support/temporal';
import { declaration, inState, type Harness, startHarness } from '../../workflows/declaration-harness';
import { save } from './save';

/**
 * Payments through the `recordPayment` update (the API's route since 2026-12-03) instead of the
 * `confirmPayment` signal: a half, a repeat and a clash the validator refuses (not in history), the rest.
 */
let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  h = await startHarness(env, 'record');
});
afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

test('declaration: green lane, paid in two parts by update, a repeat and a clash refused, released', async () => {
  const handle = await h.start(declaration('TIN-GREEN'));
  const v = await inState(handle, 'AWAITING_PAYMENT');
  const cents = Math.round(Number(v.payment!.due) * 100);
  const first = (Math.floor(cents / 2) / 100).toFixed(2);
  const rest = ((cents - Math.floor(cents / 2)) / 100).toFixed(2);
  const pay = (reference: string, amount: string) =>
    handle.executeUpdate(recordPayment, {
      args: [{ method: 'PAYMENT', reference, amount, currency: v.payment!.currency, actor: 'treasury' }],
    });
  await pay('PAY-UPD-1', first);
  await expect(pay('PAY-UPD-1', first)).rejects.toThrow();
  await expect(pay('PAY-UPD-1', '1.00')).rejects.toThrow();
  await pay('PAY-UPD-2', rest);
  expect((await handle.result()).state).toBe('RELEASED');
  await save(env, 'declaration-paid-by-update', handle);
});
