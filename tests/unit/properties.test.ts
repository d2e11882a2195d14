import fc from 'fast-check';
import { demoTariffBook } from '../../config/reference';
import { assessDeclaration } from '../../domain/duties';
import { apportion, dec, Dec, fmt, sum } from '../../domain/money';
import { DeclarationSchema } from '../../domain/schemas';

const book = demoTariffBook();
const cents = (n: bigint) => new Dec(n.toString()).dividedBy(100);

describe('apportionment (largest remainder on minor units)', () => {
  test('property: the parts always sum exactly to the total - no cent lost or created', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 }),
        (total, ws) => {
          const parts = apportion(
            cents(total),
            ws.map((w) => new Dec(w.toString()).dividedBy(1000)),
          );
          expect(parts).toHaveLength(ws.length);
          expect(sum(parts).equals(cents(total))).toBe(true);
          for (const p of parts) expect(p.decimalPlaces()).toBeLessThanOrEqual(2);
        },
      ),
    );
  });

  test('property: each part is within one cent of its exact proportional share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 }),
        (total, ws) => {
          const weights = ws.map((w) => new Dec(w.toString()));
          const parts = apportion(cents(total), weights);
          const wSum = sum(weights);
          parts.forEach((p, i) =>
            expect(
              p.minus(cents(total).times(weights[i]).dividedBy(wSum)).abs().lessThan(new Dec('0.01')),
            ).toBe(true),
          );
        },
      ),
    );
  });

  test('all-zero weights split equally; the result is deterministic', () => {
    expect(apportion(dec('0.05'), [dec('0'), dec('0')]).map((d) => fmt(d))).toEqual(['0.03', '0.02']);
    expect(apportion(dec('10.00'), [dec('1'), dec('1'), dec('1')]).map((d) => fmt(d))).toEqual([
      '3.34',
      '3.33',
      '3.33',
    ]);
  });
});

describe('assessment invariants over random declarations', () => {
  const CODES = [
    '8471300000',
    '8504403000',
    '8504409000',
    '6109100000',
    '611030',
    '9403600000',
    '8418102000',
    '9503',
    '3004900000',
    '2208',
  ];
  const money = fc.integer({ min: 1, max: 50_000_000 }).map((c) => (c / 100).toFixed(2));
  const mass = fc.integer({ min: 1, max: 5_000_000 }).map((g) => (g / 1000).toFixed(3));
  const item = fc.record({
    hsCode: fc.constantFrom(...CODES).map((c) => (c.length === 4 ? c + '00' : c)),
    originCountry: fc.constantFrom('CN', 'KG', 'KZ', 'UZ', 'VN', 'TR', 'RU'),
    invoiceAmount: money,
    netMassKg: mass,
    quantity: fc.integer({ min: 1, max: 10000 }).map(String),
  });
  const declaration = fc.record({
    office: fc.constantFrom('KZALA001', 'KGBIS001', 'UZTAS001', 'TJDUS001', 'CNURU001'),
    incoterm: fc.constantFrom('EXW', 'FCA', 'FOB', 'CFR', 'CIF', 'DAP'),
    currency: fc.constantFrom('USD', 'EUR', 'CNY'),
    freight: money,
    insurance: money,
    commissions: fc.option(money, { nil: undefined }),
    items: fc.array(item, { minLength: 1, maxLength: 8 }),
    date: fc.constantFrom('2026-11-16', '2026-11-27', '2026-12-15'),
  });

  test('property: every total equals the sum of the item amounts, and customs value = prices + additions', () => {
    fc.assert(
      fc.property(declaration, (g) => {
        const invoiceTotal = g.items.reduce((a, it) => a.plus(dec(it.invoiceAmount)), new Dec(0));
        const d = DeclarationSchema.parse({
          lrn: 'PROP-1',
          type: 'IM',
          additionalType: 'A',
          procedureCode: '4000',
          declarant: { name: 'Trader', country: g.office.slice(0, 2) },
          importer: { name: 'Trader', country: g.office.slice(0, 2) },
          officeOfDeclaration: g.office,
          countryOfDispatch: 'CN',
          countryOfDestination: g.office.slice(0, 2),
          transport: { mode: 'ROAD' },
          incoterm: g.incoterm,
          invoice: { number: 'I', currency: g.currency, amount: invoiceTotal.toFixed(2) },
          valuation: {
            method: '1',
            relatedParties: false,
            freight: g.freight,
            insurance: g.insurance,
            commissions: g.commissions,
            currency: 'USD',
          },
          items: g.items.map((it, i) => ({
            ...it,
            seq: i + 1,
            description: 'x',
            unit: it.hsCode.startsWith('2208') ? 'LTR' : 'PCE',
            grossMassKg: it.netMassKg,
          })),
        });
        const { value: a } = assessDeclaration(d, { acceptanceDate: g.date, book });
        const s = (pick: (x: (typeof a.items)[number]) => string | undefined) =>
          fmt(sum(a.items.map((x) => dec(pick(x) ?? '0'))));
        expect(a.totals.customsValue).toBe(s((x) => x.customsValue));
        expect(a.totals.duty).toBe(s((x) => x.duty));
        expect(a.totals.excise).toBe(s((x) => x.excise?.amount));
        expect(a.totals.vat).toBe(s((x) => x.vat.amount));
        expect(a.totals.total).toBe(s((x) => x.total));
        expect(
          dec(a.totals.total).equals(dec(a.totals.duty).plus(dec(a.totals.excise)).plus(dec(a.totals.vat))),
        ).toBe(true);
        const v = a.valuation;
        const added = sum(Object.values(v.additions).map((x) => dec(x!)));
        expect(dec(v.total).equals(sum(v.items.map((i) => dec(i.price))).plus(added))).toBe(true);
        for (const k of Object.keys(v.additions) as (keyof typeof v.additions)[]) {
          expect(fmt(sum(v.items.map((i) => dec(i.additions[k]!))))).toBe(v.additions[k]);
        }
      }),
      { numRuns: 200 },
    );
  });
});
