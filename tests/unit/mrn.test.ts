import fc from 'fast-check';
import { buildMrn, isValidMrn, mrnCheckDigit, mrnSerial } from '../../domain/mrn';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('MRN (ISO 6346 check digit)', () => {
  test('the reference MRN 22ITZXBZYUTJFLJXK6 validates', () => {
    expect(mrnCheckDigit('22ITZXBZYUTJFLJXK')).toBe('6');
    expect(isValidMrn('22ITZXBZYUTJFLJXK6')).toBe(true);
  });

  test('changing any single digit, or the check digit, of a valid MRN makes it invalid', () => {
    const good = '22ITZXBZYUTJFLJXK6';
    let tried = 0;
    for (let pos = 0; pos < good.length; pos++) {
      if (!/[0-9]/.test(good[pos])) continue;
      for (const ch of '0123456789') {
        if (ch === good[pos]) continue;
        const bad = good.slice(0, pos) + ch + good.slice(pos + 1);
        tried++;
        expect({ bad, valid: isValidMrn(bad) }).toEqual({ bad, valid: false });
      }
    }
    expect(tried).toBe(3 * 9);
  });

  test('a single-character change fails unless the two character values differ by a multiple of 11 (the mod-11 blind spot)', () => {
    // A check digit with 10 values cannot catch every substitution over 36 symbols (pigeonhole); ISO 6346
    // misses exactly the pairs whose values are congruent mod 11 (e.g. A=10/K=21, 1/B=12, I=19/S=30).
    const good = '22ITZXBZYUTJFLJXK6';
    const value = (c: string) =>
      c <= '9'
        ? Number(c)
        : [
            10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 34, 35, 36,
            37, 38,
          ][c.charCodeAt(0) - 65];
    let caught = 0;
    let blind = 0;
    for (let pos = 0; pos < 17; pos++) {
      for (const ch of ALNUM) {
        if (ch === good[pos]) continue;
        const bad = good.slice(0, pos) + ch + good.slice(pos + 1);
        const shapeOk = /^[0-9]{2}[A-Z]{2}[A-Z0-9]{13}[0-9]$/.test(bad);
        const congruent = (value(ch) - value(good[pos])) % 11 === 0;
        expect({ bad, valid: isValidMrn(bad) }).toEqual({ bad, valid: shapeOk && congruent });
        if (shapeOk && congruent) blind++;
        else caught++;
      }
    }
    expect(caught).toBeGreaterThan(550);
    expect(blind).toBeLessThan(50);
  });

  test('letter values skip multiples of 11 (A=10, B=12, K=21, L=23, U=32, V=34)', () => {
    // A single letter at position 0 (weight 1) followed by zeros: the check digit is value mod 11 (10 -> 0).
    const digitFor = (letter: string) => mrnCheckDigit('00' + letter + '0'.repeat(14));
    // position 2 has weight 4
    expect(digitFor('A')).toBe(String(((10 * 4) % 11) % 10));
    expect(digitFor('B')).toBe(String(((12 * 4) % 11) % 10));
    expect(digitFor('L')).toBe(String(((23 * 4) % 11) % 10));
    expect(digitFor('V')).toBe(String(((34 * 4) % 11) % 10));
  });

  test('a remainder of 10 gives check digit 0', () => {
    // value 10 (A) at position 0 with weight 1 -> 10 mod 11 = 10 -> 0; position 0 must be a digit in an MRN,
    // so test the algorithm on the body directly: "5" at position 1 (weight 2) = 10.
    expect(mrnCheckDigit('05000000000000000')).toBe('0');
  });

  test('shape is enforced: wrong length, lowercase, letters in the year or check digit are invalid', () => {
    expect(isValidMrn('22ITZXBZYUTJFLJXK')).toBe(false);
    expect(isValidMrn('22itzxbzyutjfljxk6')).toBe(false);
    expect(isValidMrn('2XITZXBZYUTJFLJXK6')).toBe(false);
    expect(isValidMrn('22ITZXBZYUTJFLJXKA')).toBe(false);
    expect(isValidMrn('')).toBe(false);
  });

  test('property: every built MRN validates and round-trips its parts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom('KZ', 'KG', 'UZ', 'TJ', 'CN'),
        fc.string({ unit: fc.constantFrom(...ALNUM.split('')), minLength: 13, maxLength: 13 }),
        (year, country, serial) => {
          const mrn = buildMrn(year, country, serial);
          expect(mrn).toHaveLength(18);
          expect(isValidMrn(mrn)).toBe(true);
          expect(mrn.slice(0, 2)).toBe(String(year).padStart(2, '0'));
          expect(mrn.slice(2, 4)).toBe(country);
          expect(mrn.slice(4, 17)).toBe(serial);
          expect(mrnCheckDigit(mrn.slice(0, 17))).toBe(mrn[17]);
        },
      ),
    );
  });

  test('property: a changed check digit never validates', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...ALNUM.split('')), minLength: 13, maxLength: 13 }),
        fc.integer({ min: 1, max: 9 }),
        (serial, delta) => {
          const mrn = buildMrn('26', 'KZ', serial);
          const wrong = mrn.slice(0, 17) + String((Number(mrn[17]) + delta) % 10);
          expect(isValidMrn(wrong)).toBe(false);
        },
      ),
    );
  });

  test('sequence serials are 13 characters and distinct per sequence number', () => {
    expect(mrnSerial(0)).toBe('0000000000000');
    expect(mrnSerial(35)).toBe('000000000000Z');
    expect(mrnSerial(36, 'ALA')).toBe('ALA0000000010');
    expect(isValidMrn(buildMrn(26, 'KZ', mrnSerial(123456789)))).toBe(true);
    expect(() => mrnSerial(-1)).toThrow();
    expect(() => buildMrn('26', 'kz', mrnSerial(1))).toThrow();
  });
});
