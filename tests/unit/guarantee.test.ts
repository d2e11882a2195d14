import fc from 'fast-check';
import {
  applyCharge,
  applyRelease,
  applyReserve,
  balanceOf,
  chargeRefusal,
  extensionRefusal,
  newLedger,
  officesWithOpenMovements,
  releaseRefusal,
  reservationRefusal,
  validityWindow,
  warningDueAtMs,
  type ReserveRequest,
} from '../../domain/guarantee';
import { GuaranteeRegistrationSchema } from '../../domain/schemas/guarantee';
import { example } from '../support/examples';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const ledger = (over: Record<string, unknown> = {}) =>
  newLedger(GuaranteeRegistrationSchema.parse({ ...example('guarantee.json'), ...over }));
const req = (mrn: string, amount: string, over: Partial<ReserveRequest> = {}): ReserveRequest => ({
  mrn,
  amount,
  currency: 'USD',
  accessCode: '7391',
  countries: ['CN', 'KZ', 'KG'],
  offices: ['CNURU001', 'KGBIS001'],
  ...over,
});

describe('guarantee arithmetic', () => {
  test('validity covers both dates whole, in UTC', () => {
    const w = validityWindow({ validFrom: '2026-11-01', validUntil: '2027-10-31' });
    expect(new Date(w.startsAtMs).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(new Date(w.endsAtMs).toISOString()).toBe('2027-11-01T00:00:00.000Z');
  });

  test('a reservation reduces the available balance; release restores it exactly', () => {
    const l = ledger();
    applyReserve(l, req('M1', '18500.00'), 'now');
    expect(balanceOf(l)).toMatchObject({ reserved: '18500.00', available: '231500.00' });
    applyRelease(l, 'M1', 'now');
    expect(balanceOf(l)).toMatchObject({ reserved: '0.00', available: '250000.00' });
  });

  test('refuses a reservation the balance cannot cover, naming both amounts', () => {
    const l = ledger({ referenceAmount: '1000.00' });
    applyReserve(l, req('M1', '600.00'), 'now');
    expect(reservationRefusal(l, req('M2', '400.01'), NOW)).toBe(
      'balance of guarantee 26KZ00000000000017 is short: 400.00 USD available, 400.01 USD requested',
    );
    expect(reservationRefusal(l, req('M2', '400.00'), NOW)).toBeUndefined();
  });

  test('refuses expired, not yet valid, revoked, wrong access code, uncovered country, other currency, bad amounts', () => {
    const l = ledger();
    expect(reservationRefusal(l, req('M', '1.00'), Date.parse('2027-11-01T00:00:00Z'))).toMatch(
      /expired at the end of 2027-10-31/,
    );
    expect(reservationRefusal(l, req('M', '1.00'), Date.parse('2026-10-31T23:59:59Z'))).toMatch(
      /not valid before 2026-11-01/,
    );
    expect(reservationRefusal(l, req('M', '1.00', { accessCode: '0000' }), NOW)).toMatch(/wrong access code/);
    expect(reservationRefusal(l, req('M', '1.00', { countries: ['CN', 'RU'] }), NOW)).toMatch(
      /not valid in RU/,
    );
    expect(reservationRefusal(l, req('M', '1.00', { currency: 'EUR' }), NOW)).toMatch(/is in USD/);
    expect(reservationRefusal(l, req('M', '0'), NOW)).toMatch(/greater than zero/);
    expect(reservationRefusal(l, req('M', '1.001'), NOW)).toMatch(/more than 2 decimals/);
    expect(reservationRefusal(l, req('M', '12e3'), NOW)).toMatch(/decimal string/);
    l.status = 'REVOKED';
    expect(reservationRefusal(l, req('M', '1.00'), NOW)).toMatch(/revoked/);
  });

  test('the same reservation again is a retry, not a second reservation; a different amount for the same MRN is refused', () => {
    const l = ledger();
    applyReserve(l, req('M1', '100.00'), 'now');
    expect(reservationRefusal(l, req('M1', '100'), NOW)).toBeUndefined();
    applyReserve(l, req('M1', '100'), 'now');
    expect(balanceOf(l).reserved).toBe('100.00');
    expect(reservationRefusal(l, req('M1', '200.00'), NOW)).toMatch(/already holds a reservation of 100.00/);
  });

  test('release of an unknown movement is refused; a repeated release is a no-op', () => {
    const l = ledger();
    expect(releaseRefusal(l, 'NOPE')).toMatch(/holds no reservation/);
    applyReserve(l, req('M1', '100.00'), 'now');
    applyRelease(l, 'M1', 'now');
    expect(releaseRefusal(l, 'M1')).toBeUndefined();
    expect(applyRelease(l, 'M1', 'later').outcome).toBe('RELEASED');
    expect(balanceOf(l).available).toBe('250000.00');
  });

  test('a charge consumes the debt up to the reservation plus the available balance; the rest is uncovered', () => {
    const l = ledger({ referenceAmount: '1000.00' });
    applyReserve(l, req('M1', '300.00'), 'now');
    applyReserve(l, req('M2', '500.00'), 'now');
    const c = applyCharge(l, 'M1', '650.00', 'now');
    expect(c).toMatchObject({ outcome: 'CHARGED', charged: '500.00', uncovered: '150.00' });
    expect(balanceOf(l)).toMatchObject({ reserved: '500.00', charged: '500.00', available: '0.00' });
    expect(chargeRefusal(l, 'M1', '650.00')).toBeUndefined(); // retry
    expect(applyCharge(l, 'M1', '650.00', 'again').charged).toBe('500.00');
    expect(balanceOf(l).charged).toBe('500.00');
    applyRelease(l, 'M2', 'now');
    expect(chargeRefusal(l, 'M2', '1.00')).toMatch(/already released/);
  });

  test('extension must move the end later and only while active; the warning re-arms for the new end', () => {
    const l = ledger();
    expect(extensionRefusal(l, '2027-10-31')).toMatch(/does not extend/);
    expect(extensionRefusal(l, '2027-13-01')).toMatch(/date/);
    expect(extensionRefusal(l, '2028-01-31')).toBeUndefined();
    l.warnedFor = '2027-10-31';
    expect(warningDueAtMs(l, 86_400_000)).toBeUndefined();
    l.validUntil = '2028-01-31';
    expect(new Date(warningDueAtMs(l, 86_400_000)!).toISOString()).toBe('2028-01-31T00:00:00.000Z');
    l.status = 'EXPIRED';
    expect(extensionRefusal(l, '2029-01-31')).toMatch(/EXPIRED/);
  });

  test('the offices told about an expiry are those of the open movements, each once', () => {
    const l = ledger();
    applyReserve(l, req('M1', '1.00', { offices: ['CNURU001', 'KGBIS001'] }), 'now');
    applyReserve(l, req('M2', '1.00', { offices: ['KGBIS001', 'KZKHO001'] }), 'now');
    expect(officesWithOpenMovements(l)).toEqual(['CNURU001', 'KGBIS001', 'KZKHO001']);
  });

  test('property: any sequence of checked reservations, releases and charges keeps reserved + charged + available = reference, never available < 0', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('reserve' as const),
        m: fc.integer({ min: 0, max: 9 }),
        cents: fc.integer({ min: 1, max: 40_000 }),
      }),
      fc.record({
        kind: fc.constant('release' as const),
        m: fc.integer({ min: 0, max: 9 }),
        cents: fc.constant(0),
      }),
      fc.record({
        kind: fc.constant('charge' as const),
        m: fc.integer({ min: 0, max: 9 }),
        cents: fc.integer({ min: 1, max: 60_000 }),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const l = ledger({ referenceAmount: '1000.00' });
        for (const o of ops) {
          const amount = (o.cents / 100).toFixed(2);
          const mrn = `M${o.m}`;
          if (o.kind === 'reserve' && !reservationRefusal(l, req(mrn, amount), NOW))
            applyReserve(l, req(mrn, amount), 'x');
          if (o.kind === 'release' && !releaseRefusal(l, mrn)) applyRelease(l, mrn, 'x');
          if (o.kind === 'charge' && !chargeRefusal(l, mrn, amount)) applyCharge(l, mrn, amount, 'x');
          const b = balanceOf(l);
          const total =
            Math.round(Number(b.reserved) * 100) +
            Math.round(Number(b.charged) * 100) +
            Math.round(Number(b.available) * 100);
          if (total !== 100_000 || Number(b.available) < 0) return false;
        }
        return true;
      }),
    );
  });
});
