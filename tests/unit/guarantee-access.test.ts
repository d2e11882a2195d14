import { applyReserve, newLedger, reservationRefusal, type ReserveRequest } from '../../domain/guarantee';
import { applyRightCode, applyWrongCode, lockoutRefusal } from '../../domain/guarantee/access-code';
import { managementRefusal } from '../../domain/guarantee/lifecycle';
import { GuaranteeRegistrationSchema } from '../../domain/schemas/guarantee';
import { example } from '../support/examples';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const MINUTE = 60_000;
const policy = { attempts: 3, lockMs: 15 * MINUTE };
const ledger = () => newLedger(GuaranteeRegistrationSchema.parse(example('guarantee.json')));
const req = (mrn: string, accessCode = '7391'): ReserveRequest => ({
  mrn,
  amount: '100.00',
  currency: 'USD',
  accessCode,
  countries: ['CN', 'KZ', 'KG'],
  offices: ['CNURU001'],
});

test('wrong access codes are counted; the last one allowed locks the guarantee, the right code too is refused until the lock ends', () => {
  const l = ledger();
  expect(applyWrongCode(l, NOW, policy)).toEqual({
    reason: `wrong access code for guarantee ${l.grn}`,
    locked: false,
  });
  applyWrongCode(l, NOW, policy);
  const third = applyWrongCode(l, NOW, policy);
  expect(third.locked).toBe(true);
  expect(l.lockedUntil).toBe(new Date(NOW + 15 * MINUTE).toISOString());
  expect(lockoutRefusal(l, req('26KZ0000000000002'), NOW + 14 * MINUTE)).toMatch(
    /locked after too many wrong access codes until/,
  );
  expect(lockoutRefusal(l, req('26KZ0000000000002'), NOW + 15 * MINUTE)).toBeUndefined();
  // After the lock the count starts again from zero.
  expect(applyWrongCode(l, NOW + 16 * MINUTE, policy).locked).toBe(false);
});

test('a right code resets the count; a retry of a reservation already made is not a guess and is never locked out', () => {
  const l = ledger();
  applyWrongCode(l, NOW, policy);
  applyWrongCode(l, NOW, policy);
  applyRightCode(l);
  expect(l.codeFailures).toBe(0);
  applyReserve(l, req('26KZ0000000000001'), new Date(NOW).toISOString());
  for (let i = 0; i < 3; i++) applyWrongCode(l, NOW, policy);
  expect(lockoutRefusal(l, req('26KZ0000000000001'), NOW)).toBeUndefined();
  expect(reservationRefusal(l, req('26KZ0000000000001'), NOW)).toBeUndefined();
});

test('the code check can be left to the counting handler; other refusals stay', () => {
  const l = ledger();
  expect(reservationRefusal(l, req('26KZ0000000000003', '0000'), NOW)).toMatch(/wrong access code/);
  expect(reservationRefusal(l, req('26KZ0000000000003', '0000'), NOW, { checkCode: false })).toBeUndefined();
  expect(
    reservationRefusal(l, { ...req('26KZ0000000000003', '0000'), currency: 'EUR' }, NOW, {
      checkCode: false,
    }),
  ).toMatch(/is in USD/);
});

test('only the accepting administration (the GRN country) manages a guarantee', () => {
  expect(managementRefusal('26KZ00000000001234', ['KZ'], 'revoke')).toBeUndefined();
  expect(managementRefusal('26KZ00000000001234', ['KG', 'CN'], 'extend')).toBe(
    'only the administration that accepted guarantee 26KZ00000000001234 (KZ) may extend it',
  );
});
