import { assessDeclaration } from '../../../domain/duties';
import { AssessmentError } from '../../../domain/explain';
import { demoReferenceData } from '../../../config/reference';
import { TariffBook } from '../../../domain/tariff';
import { book, decl } from './support';

describe('tariff rules', () => {
  const one = (
    hsCode: string,
    extra: Record<string, unknown> = {},
    overrides: Record<string, unknown> = {},
  ) =>
    decl({ incoterm: 'CIF', ...overrides }, [
      {
        hsCode,
        quantity: '10',
        netMassKg: '10.000',
        grossMassKg: '11.000',
        invoiceAmount: '1000.00',
        ...extra,
      },
    ]);

  test('a tariff line applies only within its validity dates (KZ 8415: 10% until 2025-12-31, 7.5% from 2026)', () => {
    expect(
      assessDeclaration(one('8415100000'), { acceptanceDate: '2025-12-31', book }).value.items[0].mfnDuty
        .rate,
    ).toBe('10%');
    expect(
      assessDeclaration(one('8415100000'), { acceptanceDate: '2026-01-01', book }).value.items[0].mfnDuty
        .rate,
    ).toBe('7.5%');
  });

  test('VAT follows its validity dates too (KZ 12% in 2025, 16% from 2026) and reduced rates by HS prefix (medicaments 0%)', () => {
    expect(
      assessDeclaration(one('8471300000'), { acceptanceDate: '2025-06-30', book }).value.items[0].vat.percent,
    ).toBe('12');
    expect(
      assessDeclaration(one('8471300000'), { acceptanceDate: '2026-06-30', book }).value.items[0].vat.percent,
    ).toBe('16');
    expect(
      assessDeclaration(one('3004900000'), { acceptanceDate: '2026-06-30', book }).value.items[0].vat,
    ).toMatchObject({ percent: '0', amount: '0.00' });
  });

  test('excise is charged where listed and enters the VAT base (KZ beer KZT 160/litre)', () => {
    // 1000.00 USD x 512.34 = 512340.00; duty EUR 0.16/l x 500 l x 551.93 = 44154.40;
    // excise 500 l x 160 = 80000.00; VAT (512340.00 + 44154.40 + 80000.00) x 16% = 636494.40 x 16% = 101839.104 -> 101839.10
    const d = one('2203000900', {
      quantity: '500',
      unit: 'LTR',
      netMassKg: '520.000',
      grossMassKg: '600.000',
    });
    const it = assessDeclaration(d, { acceptanceDate: '2026-11-27', book }).value.items[0];
    expect([it.duty, it.excise?.amount, it.vat.base, it.vat.amount]).toEqual([
      '44154.40',
      '80000.00',
      '636494.40',
      '101839.10',
    ]);
  });

  test('a per-unit rate refuses an item declared in another unit, naming the item', () => {
    expect(() =>
      assessDeclaration(one('6402991000', { unit: 'PCE' }), { acceptanceDate: '2026-11-27', book }),
    ).toThrow(expect.objectContaining({ code: 'unit_mismatch', path: 'items[0]' }));
  });

  test('no tariff line for the code in that country is an explicit error', () => {
    // A national tariff without the demo's chapter lines, as a loaded real tariff may be.
    const partial = new TariffBook({
      ...demoReferenceData,
      tariffLines: demoReferenceData.tariffLines.filter((l) => l.hsPrefix.length > 2),
    });
    const err = (() => {
      try {
        assessDeclaration(one('0101210000'), { acceptanceDate: '2026-11-27', book: partial });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AssessmentError);
    expect(err).toMatchObject({ code: 'no_tariff_line', path: 'items[0].hsCode' });
  });

  test('no exchange rate valid on the date is an explicit error (no silent fallback to a later rate)', () => {
    expect(() => assessDeclaration(one('8471300000'), { acceptanceDate: '2024-12-31', book })).toThrow(
      expect.objectContaining({ code: 'no_exchange_rate' }),
    );
  });

  test('valuation methods 2-6 take the declared value with its reason and apportion it by price', () => {
    const d = decl(
      {
        incoterm: 'FCA',
        valuation: {
          method: '3',
          methodReason: 'related parties, price influenced; similar goods value from KZ-2026-IM-551',
          declaredCustomsValue: '1000.01',
          relatedParties: true,
          currency: 'USD',
        },
      },
      [
        {
          hsCode: '8471300000',
          quantity: '1',
          netMassKg: '1.000',
          grossMassKg: '1.000',
          invoiceAmount: '300.00',
        },
        {
          hsCode: '8471300000',
          quantity: '1',
          netMassKg: '1.000',
          grossMassKg: '1.000',
          invoiceAmount: '600.00',
        },
      ],
    );
    const v = assessDeclaration(d, { acceptanceDate: '2026-11-27', book }).value.valuation;
    // 1000.01 x 512.34 = 512345.1234 -> 512345.12, by price 153702.00 : 307404.00 (1 : 2) -> 170781.71 / 341563.41
    expect([v.method, v.methodReason, v.total, v.items.map((i) => i.customsValue)]).toEqual([
      '3',
      expect.stringContaining('similar goods'),
      '512345.12',
      ['170781.71', '341563.41'],
    ]);
  });

  test('an export declaration carries no duty and zero-rated VAT', () => {
    const d = decl(
      {
        type: 'EX',
        officeOfDeclaration: 'KZALA001',
        officeOfExit: 'KZKHO001',
        countryOfDestination: 'CN',
        incoterm: 'FCA',
      },
      [
        {
          hsCode: '8471300000',
          quantity: '1',
          netMassKg: '1.000',
          grossMassKg: '1.000',
          invoiceAmount: '100.00',
        },
      ],
    );
    expect(assessDeclaration(d, { acceptanceDate: '2026-11-27', book }).value.totals).toMatchObject({
      duty: '0.00',
      vat: '0.00',
      total: '0.00',
    });
  });
});
