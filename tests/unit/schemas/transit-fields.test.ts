import { validateTransit } from '../../../domain/validation';
import { example, refs } from '../support/fixtures';

describe('a broken transit declaration names each bad field', () => {
  const check = (mutate: (t: any) => void) => {
    const t = example('transit');
    mutate(t);
    const r = validateTransit(t, refs());
    return r.ok ? [] : r.issues;
  };

  test('an unknown office of transit -> officesOfTransit[1] unknown_office', () => {
    expect(check((t) => (t.officesOfTransit[1] = 'KGZZZ001'))).toEqual([
      expect.objectContaining({ path: 'officesOfTransit[1]', code: 'unknown_office' }),
    ]);
  });

  test('an office of departure without the departure role -> office_role_mismatch', () => {
    // KZDOS001 (Dostyk) is a transit and destination office only.
    const issues = check((t) => {
      t.officeOfDeparture = 'KZDOS001';
      t.countriesOfRouting = ['KZ', 'KG'];
    });
    expect(issues).toEqual([
      expect.objectContaining({ path: 'officeOfDeparture', code: 'office_role_mismatch' }),
    ]);
  });

  test('chapter 77 in a transit item -> consignment.items[0].hsCode reserved_hs_chapter', () => {
    expect(check((t) => (t.consignment.items[0].hsCode = '770100'))).toEqual([
      expect.objectContaining({ path: 'consignment.items[0].hsCode', code: 'reserved_hs_chapter' }),
    ]);
  });

  test('an unknown HS subheading in a transit item -> unknown_hs_code', () => {
    expect(check((t) => (t.consignment.items[1].hsCode = '611099'))).toEqual([
      expect.objectContaining({ path: 'consignment.items[1].hsCode', code: 'unknown_hs_code' }),
    ]);
  });

  test('a bad guarantee currency -> guarantee.amountToBeCovered.currency invalid_currency', () => {
    expect(check((t) => (t.guarantee.amountToBeCovered.currency = 'US$'))).toEqual([
      expect.objectContaining({ path: 'guarantee.amountToBeCovered.currency', code: 'invalid_currency' }),
    ]);
  });

  test('missing consignment items -> consignment.items required', () => {
    expect(check((t) => delete t.consignment.items)).toEqual([
      expect.objectContaining({ path: 'consignment.items', code: 'required' }),
    ]);
  });

  test('items heavier than the consignment -> consignment.grossMassKg mass_mismatch', () => {
    expect(check((t) => (t.consignment.grossMassKg = '11999.000'))).toEqual([
      expect.objectContaining({ path: 'consignment.grossMassKg', code: 'mass_mismatch' }),
    ]);
  });

  test('routing must start in the departure country and end in the destination country', () => {
    expect(check((t) => (t.countriesOfRouting = ['KZ', 'KG']))).toEqual([
      expect.objectContaining({ path: 'countriesOfRouting[0]', code: 'routing_mismatch' }),
    ]);
  });

  test('a negative amount to be covered -> negative_amount', () => {
    expect(check((t) => (t.guarantee.amountToBeCovered.amount = '-1'))).toEqual([
      expect.objectContaining({ path: 'guarantee.amountToBeCovered.amount', code: 'negative_amount' }),
    ]);
  });
});
