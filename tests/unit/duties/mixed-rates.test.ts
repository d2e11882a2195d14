import { assessDeclaration } from '../../../domain/duties';
import { book, byRule, decl } from './support';

describe('golden: mixed rates (KG, CIF, USD), accepted 2026-11-27', () => {
  // USD/KGS 87.5000 and EUR/KGS 94.3100 (published 2026-11-23). CIF: freight and insurance are in the price.
  // 1: footwear 640299, "10% but not less than EUR 0.60/pair", 1000 PR, 2500.00 USD
  //    customs value 2500.00 x 87.50 = 218750.00
  //    ad valorem 218750.00 x 10% = 21875.00; specific 1000 x 0.60 x 94.31 = 56586.00 -> the greater: 56586.00
  //    VAT 12%: (218750.00 + 56586.00) x 12% = 275336.00 x 12% = 33040.32
  // 2: furniture 9403, "15% but not more than EUR 1.50/kg", 800 kg net, 4000.00 USD
  //    customs value 4000.00 x 87.50 = 350000.00
  //    ad valorem 52500.00; specific 800 x 1.50 x 94.31 = 113172.00 -> the lesser: 52500.00
  //    VAT (350000.00 + 52500.00) x 12% = 48300.00
  // Totals: CV 568750.00, duty 109086.00, VAT 81340.32, payable 190426.32 KGS
  const d = decl(
    {
      officeOfDeclaration: 'KGBIS001',
      officeOfEntry: 'KGTOR001',
      countryOfDestination: 'KG',
      incoterm: 'CIF',
      valuation: {
        method: '1',
        relatedParties: false,
        freight: '300.00',
        insurance: '20.00',
        currency: 'USD',
      },
    },
    [
      {
        hsCode: '6402991000',
        quantity: '1000',
        unit: 'PR',
        netMassKg: '700.000',
        grossMassKg: '750.000',
        invoiceAmount: '2500.00',
      },
      {
        hsCode: '9403600000',
        quantity: '40',
        unit: 'PCE',
        netMassKg: '800.000',
        grossMassKg: '900.000',
        invoiceAmount: '4000.00',
      },
    ],
  );
  const r = assessDeclaration(d, { acceptanceDate: '2026-11-27', book });

  test('under CIF declared freight and insurance are not added (already in the price)', () => {
    expect(r.value.valuation.additions).toEqual({});
    expect(byRule(r.steps, 'addition-freight')[0].text).toContain('already in the price under CIF');
    expect(r.value.valuation.items.map((i) => i.customsValue)).toEqual(['218750.00', '350000.00']);
  });

  test('"greater of" picks the specific part when it is higher; "lesser of" picks the ad valorem part when it is lower', () => {
    expect(r.value.items.map((i) => [i.mfnDuty.rate, i.duty])).toEqual([
      ['10% but not less than EUR 0.60/PR', '56586.00'],
      ['15% but not more than EUR 1.50/kg net', '52500.00'],
    ]);
  });

  test('totals equal the hand computation to the tyiyn', () => {
    expect(r.value.items.map((i) => i.vat.amount)).toEqual(['33040.32', '48300.00']);
    expect(r.value.totals).toEqual({
      customsValue: '568750.00',
      duty: '109086.00',
      excise: '0.00',
      vat: '81340.32',
      total: '190426.32',
    });
  });
});
