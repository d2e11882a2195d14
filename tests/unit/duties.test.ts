import { demoTariffBook } from '../../config/reference';
import { assessDeclaration, type Assessment } from '../../domain/duties';
import { AssessmentError, type Step } from '../../domain/explain';
import { DeclarationSchema, type Declaration } from '../../domain/schemas';
import { example } from './support/fixtures';

/*
 * Golden cases. Every expected figure below was worked out by hand from the ILLUSTRATIVE demo data in
 * config/reference (rates quoted in the comments), with the documented rounding rule: each converted
 * amount and each tax of each item rounded half-up to the cent/tiyn once; additions apportioned by
 * largest remainder; totals are sums of the rounded item amounts.
 */

const book = demoTariffBook();

function decl(overrides: Record<string, unknown>, items: Record<string, unknown>[]): Declaration {
  const base = example('declaration-import');
  const invoiceTotal = items.reduce((a, it) => a + Math.round(Number(it.invoiceAmount) * 100), 0);
  return DeclarationSchema.parse({
    ...base,
    ...overrides,
    invoice: { number: 'INV-T', currency: (overrides.invoiceCurrency as string) ?? 'USD', amount: (invoiceTotal / 100).toFixed(2) },
    items: items.map((it, i) => ({ seq: i + 1, description: `goods ${i + 1}`, originCountry: 'CN', unit: 'PCE', ...it })),
  });
}

const byRule = (steps: Step[], rule: string) => steps.filter((s) => s.rule === rule);

describe('golden: the shared import example (KZ, from CN, FCA, USD), accepted 2026-11-27', () => {
  // USD/KZT valid on 2026-11-27: the rate published 2026-11-23, 512.34 (the 2026-11-30 rate is not yet valid).
  // Item prices:  1: 22000.00 x 512.34 = 11271480.00      2: 3400.00 x 512.34 = 1741956.00
  // FCA leaves freight and insurance to the buyer -> both added (Art. 8(2)(a),(c)).
  // Freight 1200.00 x 512.34 = 614808.00, by gross mass 510 : 190 (700 kg):
  //   1: 614808.00 x 510/700 = 447931.5428... -> 447931.54   2: x 190/700 = 166876.4571... -> 166876.46
  //   (cents: 44793154.29 / 16687645.71 -> floors 44793154 + 16687645 = 61480799, 1 cent left -> the larger
  //    remainder .71 -> item 2) sum 614808.00
  // Insurance 85.50 x 512.34 = 43805.07, by item price 11271480 : 1741956:
  //   1: 3794139.92 cents -> 3794139, 2: 586367.08 -> 586367; 1 cent left -> remainder .92 -> item 1
  //   -> 37941.40 and 5863.67 (sum 43805.07)
  // Customs value  1: 11271480.00 + 447931.54 + 37941.40 = 11757352.94
  //                2:  1741956.00 + 166876.46 +  5863.67 =  1914696.13     total 13672049.07
  // Duty  1: HS 8471300000 -> KZ line 847130, 0%                                        = 0.00
  //       2: HS 8504403000 -> KZ line 8504403000 (5%, longest prefix beats 850440 7.5%):
  //          1914696.13 x 5% = 95734.8065                                           -> 95734.81
  // VAT (KZ 16% from 2026-01-01):
  //       1: (11757352.94 + 0 + 0) x 16% = 1881176.4704                               -> 1881176.47
  //       2: (1914696.13 + 95734.81) x 16% = 2010430.94 x 16% = 321668.9504           ->  321668.95
  // Totals: duty 95734.81, excise 0.00, VAT 2202845.42, payable 2298580.23 KZT.
  let result: { value: Assessment; steps: Step[] };
  beforeAll(() => {
    result = assessDeclaration(DeclarationSchema.parse(example('declaration-import')), { acceptanceDate: '2026-11-27', book });
  });

  test('the tariff of the office of declaration (KZ) applies, in KZT', () => {
    expect(result.value.country).toBe('KZ');
    expect(result.value.currency).toBe('KZT');
    expect(result.value.valuation.rates).toEqual([{ currency: 'USD', base: 'KZT', rate: '512.3400', validFrom: '2026-11-23' }]);
  });

  test('customs value per item = price + freight by gross mass + insurance by value, to the tiyn', () => {
    expect(result.value.valuation.items).toEqual([
      { seq: 1, price: '11271480.00', additions: { freight: '447931.54', insurance: '37941.40' }, customsValue: '11757352.94' },
      { seq: 2, price: '1741956.00', additions: { freight: '166876.46', insurance: '5863.67' }, customsValue: '1914696.13' },
    ]);
    expect(result.value.valuation.additions).toEqual({ freight: '614808.00', insurance: '43805.07' });
    expect(result.value.valuation.total).toBe('13672049.07');
    expect(result.value.valuation.method).toBe('1');
  });

  test('duty: longest HS prefix wins (8504403000 at 5%, not 850440 at 7.5%)', () => {
    expect(result.value.items.map((i) => [i.tariffLine.hsPrefix, i.mfnDuty.rate, i.duty])).toEqual([
      ['847130', '0%', '0.00'],
      ['8504403000', '5%', '95734.81'],
    ]);
  });

  test('VAT on customs value + duty + excise at the rate valid on the acceptance date (16%)', () => {
    expect(result.value.items.map((i) => i.vat)).toEqual([
      { percent: '16', base: '11757352.94', amount: '1881176.47' },
      { percent: '16', base: '2010430.94', amount: '321668.95' },
    ]);
  });

  test('totals equal the hand computation to the tiyn', () => {
    expect(result.value.totals).toEqual({ customsValue: '13672049.07', duty: '95734.81', excise: '0.00', vat: '2202845.42', total: '2298580.23' });
    expect(result.value.items.map((i) => i.total)).toEqual(['1881176.47', '417403.76']);
  });

  test('the explanation lists every step an officer needs, in order', () => {
    const rules = result.steps.map((s) => `${s.scope}:${s.rule}`);
    expect(rules.slice(0, 3)).toEqual(['header:exchange-rate', 'item 1:price', 'item 2:price']);
    for (const r of ['header:method', 'header:addition-freight', 'item 1:addition-freight', 'header:addition-insurance', 'item 2:customs-value', 'item 2:tariff-line', 'item 2:duty-ad-valorem', 'item 2:vat', 'item 2:item-total', 'header:totals']) {
      expect(rules).toContain(r);
    }
    expect(byRule(result.steps, 'duty-ad-valorem')[1].text).toContain('1914696.13 x 5% = 95734.8065');
    expect(result.steps.at(-1)?.result).toBe('2298580.23');
  });

  test('the same input gives the same output (deterministic, no clock)', () => {
    const again = assessDeclaration(DeclarationSchema.parse(example('declaration-import')), { acceptanceDate: '2026-11-27', book });
    expect(again).toEqual(result);
  });
});

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
  const d = decl({ officeOfDeclaration: 'KGBIS001', officeOfEntry: 'KGTOR001', countryOfDestination: 'KG', incoterm: 'CIF', valuation: { method: '1', relatedParties: false, freight: '300.00', insurance: '20.00', currency: 'USD' } }, [
    { hsCode: '6402991000', quantity: '1000', unit: 'PR', netMassKg: '700.000', grossMassKg: '750.000', invoiceAmount: '2500.00' },
    { hsCode: '9403600000', quantity: '40', unit: 'PCE', netMassKg: '800.000', grossMassKg: '900.000', invoiceAmount: '4000.00' },
  ]);
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
    expect(r.value.totals).toEqual({ customsValue: '568750.00', duty: '109086.00', excise: '0.00', vat: '81340.32', total: '190426.32' });
  });
});

describe('golden: preferences by origin (KZ, DAP, invoice in KZT), accepted 2026-11-27', () => {
  // EUR/KZT 551.93, USD/KZT 512.34 (2026-11-23). DAP: no additions. VAT 16%.
  // 1: T-shirts 6109 from KG (EAEU member): MFN max(10% x 1500000 = 150000.00, 100 kg x 1.75 x 551.93 = 96587.75)
  //    = 150000.00; EAEU preference factor 0 -> duty 0.00; VAT 1500000.00 x 16% = 240000.00
  // 2: pullovers 611030 from UZ with CT-1 (document CT1): MFN max(90000.00, 90 x 2.00 x 551.93 = 99347.40)
  //    = 99347.40; CIS FTA factor 0 -> 0.00; VAT 900000.00 x 16% = 144000.00
  // 3: cane sugar 1701 from UZ: excluded from the CIS FTA sample -> MFN USD 0.25/kg:
  //    2000 x 0.25 x 512.34 = 256170.00; VAT (800000.00 + 256170.00) x 16% = 168987.20
  // 4: handbags 4202 from VN with GSP form A (N864): MFN max(10% x 1200000 = 120000.00, 50 x 1.00 x 551.93
  //    = 27596.50) = 120000.00; GSP factor 0.75 -> 90000.00; VAT (1200000 + 90000) x 16% = 206400.00
  // Totals: duty 346170.00, VAT 759387.20, payable 1105557.20 KZT
  const items = [
    { hsCode: '6109100000', originCountry: 'KG', quantity: '500', netMassKg: '100.000', grossMassKg: '110.000', invoiceAmount: '1500000.00' },
    { hsCode: '6110301000', originCountry: 'UZ', quantity: '300', netMassKg: '90.000', grossMassKg: '100.000', invoiceAmount: '900000.00' },
    { hsCode: '1701999000', originCountry: 'UZ', quantity: '2000', unit: 'KGM', netMassKg: '2000.000', grossMassKg: '2040.000', invoiceAmount: '800000.00' },
    { hsCode: '4202210000', originCountry: 'VN', quantity: '100', netMassKg: '50.000', grossMassKg: '60.000', invoiceAmount: '1200000.00' },
  ];
  const docs = [
    { code: 'N380', reference: 'INV-T' },
    { code: 'CT1', reference: 'CT-1 UZ 2026 000123' },
    { code: 'N864', reference: 'FORM-A VN 2026 77' },
  ];
  const base = { invoiceCurrency: 'KZT', incoterm: 'DAP', valuation: { method: '1', relatedParties: false, currency: 'KZT' }, documents: docs };
  const r = assessDeclaration(decl(base, items), { acceptanceDate: '2026-11-27', book });

  test('EAEU origin is duty-free, CIS FTA with proof is duty-free, excluded goods pay MFN, GSP pays 75% of MFN', () => {
    expect(r.value.items.map((i) => [i.mfnDuty.amount, i.preference?.id ?? null, i.duty])).toEqual([
      ['150000.00', 'EAEU', '0.00'],
      ['99347.40', 'CIS-FTA', '0.00'],
      ['256170.00', null, '256170.00'],
      ['120000.00', 'EAEU-GSP', '90000.00'],
    ]);
  });

  test('totals equal the hand computation to the tiyn', () => {
    expect(r.value.items.map((i) => i.vat.amount)).toEqual(['240000.00', '144000.00', '168987.20', '206400.00']);
    expect(r.value.totals).toEqual({ customsValue: '4400000.00', duty: '346170.00', excise: '0.00', vat: '759387.20', total: '1105557.20' });
  });

  test('without the proof-of-origin document the CIS FTA preference is refused and MFN applies, with the reason', () => {
    const noProof = assessDeclaration(decl({ ...base, documents: docs.filter((d) => d.code !== 'CT1') }, items), { acceptanceDate: '2026-11-27', book });
    const item2 = noProof.value.items[1];
    // 99347.40 MFN duty; VAT (900000.00 + 99347.40) x 16% = 159895.584 -> 159895.58
    expect([item2.preference, item2.duty, item2.vat.amount]).toEqual([undefined, '99347.40', '159895.58']);
    expect(noProof.steps.some((s) => s.scope === 'item 2' && s.rule === 'preference' && s.text.includes('CT1, not presented'))).toBe(true);
  });
});

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
      valuation: { method: '1', relatedParties: false, freight: '950.00', loadingHandling: '45.00', insurance: '60.00', packing: '12.34', currency: 'USD' },
    },
    [
      { hsCode: '8418102000', quantity: '20', netMassKg: '1100.000', grossMassKg: '1200.000', invoiceAmount: '28000.00' },
      { hsCode: '950300', quantity: '500', netMassKg: '250.000', grossMassKg: '300.000', invoiceAmount: '7333.33' },
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
    expect(r.value.valuation.additions).toEqual({ freight: '10383.50', loadingHandling: '491.85', insurance: '655.80', packing: '134.88' });
    expect(r.value.valuation.items).toEqual([
      { seq: 1, price: '42728.00', additions: { freight: '8306.80', loadingHandling: '393.48', insurance: '519.69', packing: '106.89' }, customsValue: '52054.86' },
      { seq: 2, price: '11190.66', additions: { freight: '2076.70', loadingHandling: '98.37', insurance: '136.11', packing: '27.99' }, customsValue: '13529.83' },
    ]);
  });

  test('totals equal the hand computation to the diram', () => {
    expect(r.value.items.map((i) => [i.duty, i.vat.amount, i.total])).toEqual([
      ['5205.49', '8016.45', '13221.94'],
      ['1352.98', '2083.59', '3436.57'],
    ]);
    expect(r.value.totals).toEqual({ customsValue: '65584.69', duty: '6558.47', excise: '0.00', vat: '10100.04', total: '16658.51' });
  });
});

describe('tariff rules', () => {
  const one = (hsCode: string, extra: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) =>
    decl({ incoterm: 'CIF', ...overrides }, [{ hsCode, quantity: '10', netMassKg: '10.000', grossMassKg: '11.000', invoiceAmount: '1000.00', ...extra }]);

  test('a tariff line applies only within its validity dates (KZ 8415: 10% until 2025-12-31, 7.5% from 2026)', () => {
    expect(assessDeclaration(one('8415100000'), { acceptanceDate: '2025-12-31', book }).value.items[0].mfnDuty.rate).toBe('10%');
    expect(assessDeclaration(one('8415100000'), { acceptanceDate: '2026-01-01', book }).value.items[0].mfnDuty.rate).toBe('7.5%');
  });

  test('VAT follows its validity dates too (KZ 12% in 2025, 16% from 2026) and reduced rates by HS prefix (medicaments 0%)', () => {
    expect(assessDeclaration(one('8471300000'), { acceptanceDate: '2025-06-30', book }).value.items[0].vat.percent).toBe('12');
    expect(assessDeclaration(one('8471300000'), { acceptanceDate: '2026-06-30', book }).value.items[0].vat.percent).toBe('16');
    expect(assessDeclaration(one('3004900000'), { acceptanceDate: '2026-06-30', book }).value.items[0].vat).toMatchObject({ percent: '0', amount: '0.00' });
  });

  test('excise is charged where listed and enters the VAT base (KZ beer KZT 160/litre)', () => {
    // 1000.00 USD x 512.34 = 512340.00; duty EUR 0.16/l x 500 l x 551.93 = 44154.40;
    // excise 500 l x 160 = 80000.00; VAT (512340.00 + 44154.40 + 80000.00) x 16% = 636494.40 x 16% = 101839.104 -> 101839.10
    const d = one('2203000900', { quantity: '500', unit: 'LTR', netMassKg: '520.000', grossMassKg: '600.000' });
    const it = assessDeclaration(d, { acceptanceDate: '2026-11-27', book }).value.items[0];
    expect([it.duty, it.excise?.amount, it.vat.base, it.vat.amount]).toEqual(['44154.40', '80000.00', '636494.40', '101839.10']);
  });

  test('a per-unit rate refuses an item declared in another unit, naming the item', () => {
    expect(() => assessDeclaration(one('6402991000', { unit: 'PCE' }), { acceptanceDate: '2026-11-27', book })).toThrow(
      expect.objectContaining({ code: 'unit_mismatch', path: 'items[0]' }),
    );
  });

  test('no tariff line for the code in that country is an explicit error', () => {
    const err = (() => {
      try {
        assessDeclaration(one('0101210000'), { acceptanceDate: '2026-11-27', book });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AssessmentError);
    expect(err).toMatchObject({ code: 'no_tariff_line', path: 'items[0].hsCode' });
  });

  test('no exchange rate valid on the date is an explicit error (no silent fallback to a later rate)', () => {
    expect(() => assessDeclaration(one('8471300000'), { acceptanceDate: '2024-12-31', book })).toThrow(expect.objectContaining({ code: 'no_exchange_rate' }));
  });

  test('valuation methods 2-6 take the declared value with its reason and apportion it by price', () => {
    const d = decl(
      { incoterm: 'FCA', valuation: { method: '3', methodReason: 'related parties, price influenced; similar goods value from KZ-2026-IM-551', declaredCustomsValue: '1000.01', relatedParties: true, currency: 'USD' } },
      [
        { hsCode: '8471300000', quantity: '1', netMassKg: '1.000', grossMassKg: '1.000', invoiceAmount: '300.00' },
        { hsCode: '8471300000', quantity: '1', netMassKg: '1.000', grossMassKg: '1.000', invoiceAmount: '600.00' },
      ],
    );
    const v = assessDeclaration(d, { acceptanceDate: '2026-11-27', book }).value.valuation;
    // 1000.01 x 512.34 = 512345.1234 -> 512345.12, by price 153702.00 : 307404.00 (1 : 2) -> 170781.71 / 341563.41
    expect([v.method, v.methodReason, v.total, v.items.map((i) => i.customsValue)]).toEqual(['3', expect.stringContaining('similar goods'), '512345.12', ['170781.71', '341563.41']]);
  });

  test('an export declaration carries no duty and zero-rated VAT', () => {
    const d = decl({ type: 'EX', officeOfDeclaration: 'KZALA001', countryOfDestination: 'CN', incoterm: 'FCA' }, [{ hsCode: '8471300000', quantity: '1', netMassKg: '1.000', grossMassKg: '1.000', invoiceAmount: '100.00' }]);
    expect(assessDeclaration(d, { acceptanceDate: '2026-11-27', book }).value.totals).toMatchObject({ duty: '0.00', vat: '0.00', total: '0.00' });
  });
});
