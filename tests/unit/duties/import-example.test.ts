import { assessDeclaration, type Assessment } from '../../../domain/duties';
import type { Step } from '../../../domain/explain';
import { DeclarationSchema } from '../../../domain/schemas';
import { example } from '../support/fixtures';
import { book, byRule } from './support';

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
    result = assessDeclaration(DeclarationSchema.parse(example('declaration-import')), {
      acceptanceDate: '2026-11-27',
      book,
    });
  });

  test('the tariff of the office of declaration (KZ) applies, in KZT', () => {
    expect(result.value.country).toBe('KZ');
    expect(result.value.currency).toBe('KZT');
    expect(result.value.valuation.rates).toEqual([
      { currency: 'USD', base: 'KZT', rate: '512.3400', validFrom: '2026-11-23' },
    ]);
  });

  test('customs value per item = price + freight by gross mass + insurance by value, to the tiyn', () => {
    expect(result.value.valuation.items).toEqual([
      {
        seq: 1,
        price: '11271480.00',
        additions: { freight: '447931.54', insurance: '37941.40' },
        customsValue: '11757352.94',
      },
      {
        seq: 2,
        price: '1741956.00',
        additions: { freight: '166876.46', insurance: '5863.67' },
        customsValue: '1914696.13',
      },
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
    expect(result.value.totals).toEqual({
      customsValue: '13672049.07',
      duty: '95734.81',
      excise: '0.00',
      vat: '2202845.42',
      total: '2298580.23',
    });
    expect(result.value.items.map((i) => i.total)).toEqual(['1881176.47', '417403.76']);
  });

  test('the explanation lists every step an officer needs, in order', () => {
    const rules = result.steps.map((s) => `${s.scope}:${s.rule}`);
    expect(rules.slice(0, 3)).toEqual(['header:exchange-rate', 'item 1:price', 'item 2:price']);
    for (const r of [
      'header:method',
      'header:addition-freight',
      'item 1:addition-freight',
      'header:addition-insurance',
      'item 2:customs-value',
      'item 2:tariff-line',
      'item 2:duty-ad-valorem',
      'item 2:vat',
      'item 2:item-total',
      'header:totals',
    ]) {
      expect(rules).toContain(r);
    }
    expect(byRule(result.steps, 'duty-ad-valorem')[1].text).toContain('1914696.13 x 5% = 95734.8065');
    expect(result.steps.at(-1)?.result).toBe('2298580.23');
  });

  test('the same input gives the same output (deterministic, no clock)', () => {
    const again = assessDeclaration(DeclarationSchema.parse(example('declaration-import')), {
      acceptanceDate: '2026-11-27',
      book,
    });
    expect(again).toEqual(result);
  });
});
