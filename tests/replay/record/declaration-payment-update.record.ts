import { recordPayment } from '../../../contracts';
import { declaration, inState } from '../../workflows/declaration-harness';
import { declarationRecorder, save } from './save';

/**
 * Payments through the `recordPayment` update (the API's route since 2026-12-03) instead of the
 * `confirmPayment` signal: a half, a repeat and a clash the validator refuses (not in history), the rest.
 */
const rec = declarationRecorder();

test('declaration: green lane, paid in two parts by update, a repeat and a clash refused, released', async () => {
  const handle = await rec.h.start(declaration('TIN-GREEN'));
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
  await save(rec.env, 'declaration-paid-by-update', handle);
});
