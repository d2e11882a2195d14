import { assessDeclaration } from '../../../domain/duties';
import { book, decl } from './support';

describe('golden: currency conversion (TJ, EXW, invoice CNY, additions USD), accepted 2026-11-22', () => {
  // Rates valid on 2026-11-22 are those published 2026-11-16: CNY/TJS 1.5260, USD/TJS 10.9300.
  // Prices  1: 28000.00 CNY x 1.5260 = 42728.00      2: 7333.33 x 1.5260 = 11190.66158 -> 11190.66
  // EXW: freight, loading/handling and insurance to the border are all added; packing too (Art. 8(1)(a)(iii)).
  //   freight  950.00 USD x 10.93 = 10383.50 by gross mass 1200 : 300 -> 8306.80 / 2076.70
  //   loading   45.00 USD x 10.93 =   491.85 by gross mass           ->  393.48 /   98.37
  //   insurance 60.00 USD x 10.93 =   655.80 by price 42728.00 : 11190.66
  //             -> 51969.06 / 13610.94 cents -> floors 51969 + 13610, 1 cent to the larger remainder (.94)
  //             ->  519.69 / 136.11
  //   packing   12.34 USD x 10.93 = 134.8762 -> 134.88 by price -> 10688.61 / 2799.39 cents
  //             -> floors 10688 + 2799, 1 cent to remainder .61 -> 106.89 / 27.99
  // Customs value 1: 42728.00 + 8306.80 + 393.48 + 519.69 + 106.89 = 52054.86
  //               2: 11190.66 + 2076.70 +  98.37 + 136.11 +  27.99 = 13529.83   total 65584.69
  // Duty 10% (8418 and 9503 in TJ): 5205.486 -> 5205.49; 1352.983 -> 1352.98
  // VAT 14%: (52054.86 + 5205.49) x 14% = 8016.449 -> 8016.45; (13529.83 + 1352.98) x 14% = 2083.5934 -> 2083.59
  // Totals: duty 6558.47, VAT 10100.04, payable 16658.51 TJS
  const d = decl(
    {
      officeOfDeclaration: 'TJDUS001',
      officeOfEntry: undefined,
      countryOfDestination: 'TJ',
      incoterm: 'EXW',
      invoiceCurrency: 'CNY',
      valuation: {
        method: '1',
        relatedParties: false,
        freight: '950.00',
        loadingHandling: '45.00',
        insurance: '60.00',
        packing: '12.34',
        currency: 'USD',
      },
    },
    [
      {
        hsCode: '8418102000',
        quantity: '20',
        netMassKg: '1100.000',
        grossMassKg: '1200.000',
        invoiceAmount: '28000.00',
      },
      {
        hsCode: '950300',
        quantity: '500',
        netMassKg: '250.000',
        grossMassKg: '300.000',
        invoiceAmount: '7333.33',
      },
    ],
  );
  const r = assessDeclaration(d, { acceptanceDate: '2026-11-22', book });

  test('each currency converts at the rate valid on the acceptance date (published 2026-11-16, not 2026-11-23)', () => {
    expect(r.value.valuation.rates).toEqual([
      { currency: 'CNY', base: 'TJS', rate: '1.5260', validFrom: '2026-11-16' },
      { currency: 'USD', base: 'TJS', rate: '10.9300', validFrom: '2026-11-16' },
    ]);
  });

  test('additions are converted once, then apportioned without losing a diram', () => {
    expect(r.value.valuation.additions).toEqual({
      freight: '10383.50',
      loadingHandling: '491.85',
      insurance: '655.80',
      packing: '134.88',
    });
    expect(r.value.valuation.items).toEqual([
      {
        seq: 1,
        price: '42728.00',
        additions: { freight: '8306.80', loadingHandling: '393.48', insurance: '519.69', packing: '106.89' },
        customsValue: '52054.86',
      },
      {
        seq: 2,
        price: '11190.66',
        additions: { freight: '2076.70', loadingHandling: '98.37', insurance: '136.11', packing: '27.99' },
        customsValue: '13529.83',
      },
    ]);
  });

  test('totals equal the hand computation to the diram', () => {
    expect(r.value.items.map((i) => [i.duty, i.vat.amount, i.total])).toEqual([
      ['5205.49', '8016.45', '13221.94'],
      ['1352.98', '2083.59', '3436.57'],
    ]);
    expect(r.value.totals).toEqual({
      customsValue: '65584.69',
      duty: '6558.47',
      excise: '0.00',
      vat: '10100.04',
      total: '16658.51',
    });
  });
});
