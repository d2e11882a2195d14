import * as fs from 'node:fs';
import * as path from 'node:path';
import { demoReferenceData, demoTariffBook } from '../../config/reference';
import { Nomenclature, parseCsv, parseHsCsv } from '../../domain/hs';
import { example, nomenclature, usingSharedHs } from './support/fixtures';

describe('HS CSV parsing', () => {
  test('quoted fields keep their commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi""","x\ny"\r\n1,2,3,4\n')).toEqual([
      ['a', 'b, c', 'say "hi"', 'x\ny'],
      ['1', '2', '3', '4'],
    ]);
  });

  test('rows map the header columns section,hscode,description,parent,level', () => {
    const rows = parseHsCsv(
      'section,hscode,description,parent,level\nI,0101,"Test goods, with a comma; in quotes",01,4\n',
    );
    expect(rows).toEqual([
      {
        section: 'I',
        hscode: '0101',
        description: 'Test goods, with a comma; in quotes',
        parent: '01',
        level: 4,
      },
    ]);
  });

  test('a header without the hscode column is refused', () => {
    expect(() => parseHsCsv('section,code,description\nI,01,x\n')).toThrow(/hscode/);
  });

  test('the shared HS 2022 file is used (not a copy) and loads all its subheadings', () => {
    expect(usingSharedHs()).toBe(true);
    expect(nomenclature().size).toBeGreaterThan(6900);
    expect(nomenclature().has('847130')).toBe(true);
  });
});

describe('HS nomenclature rules', () => {
  const hs = nomenclature();
  test.each([
    ['847130', true, undefined],
    ['8471300000', true, undefined],
    ['85044030', true, undefined],
    ['847199', false, 'unknown_hs_code'],
    ['8471990000', false, 'unknown_hs_code'],
    ['84713000001', false, 'invalid_hs_code'],
    ['8471', false, 'invalid_hs_code'],
    ['8471.30', false, 'invalid_hs_code'],
    ['847130000', false, 'invalid_hs_code'],
    ['770100', false, 'reserved_hs_chapter'],
    ['990000', false, 'invalid_hs_chapter'],
    ['999999', false, 'invalid_hs_chapter'],
    ['000000', false, 'invalid_hs_chapter'],
  ])('%s -> ok=%s %s', (code, ok, issue) => {
    const r = hs.check(code);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.code).toBe(issue);
  });

  test('a hand-written fallback fixture parses the same way as the shared file', () => {
    const small = Nomenclature.fromCsv(
      fs.readFileSync(path.join(__dirname, 'support', 'hs-fallback.csv'), 'utf8'),
    );
    for (const c of ['847130', '850440', '640299', '611030'])
      expect([small.check(c).ok, hs.check(c).ok]).toEqual([true, true]);
  });
});

describe('illustrative demo reference data', () => {
  const hs = nomenclature();

  test('at least 30 tariff lines per country for KZ, KG, UZ, TJ and CN', () => {
    for (const c of ['KZ', 'KG', 'UZ', 'TJ', 'CN'])
      expect(demoReferenceData.tariffLines.filter((l) => l.country === c).length).toBeGreaterThanOrEqual(30);
  });

  test('every tariff, excise, VAT and price prefix is a real HS 2022 code', () => {
    const prefixes = [
      ...demoReferenceData.tariffLines.map((l) => l.hsPrefix),
      ...demoReferenceData.exciseRates.map((e) => e.hsPrefix),
      ...demoReferenceData.vatRates.flatMap((v) => (v.hsPrefix ? [v.hsPrefix] : [])),
      ...demoReferenceData.referencePrices.map((p) => p.hsPrefix),
      ...demoReferenceData.preferences.flatMap((p) => [...p.hsPrefixes, ...p.excludedHsPrefixes]),
    ];
    const bad = prefixes.filter((p) => !hs.checkPrefix(p).ok);
    expect(bad).toEqual([]);
  });

  test('every office of the shared offices.json is in the demo set', () => {
    const codes = new Set(demoReferenceData.offices.map((o) => o.code));
    for (const o of example<{ code: string }[]>('offices')) expect(codes.has(o.code)).toBe(true);
  });

  test('facing offices point at each other', () => {
    const byCode = new Map(demoReferenceData.offices.map((o) => [o.code, o]));
    for (const o of demoReferenceData.offices)
      if (o.facing) expect(byCode.get(o.facing)?.facing).toBe(o.code);
  });

  test('the HS codes of the shared examples all have a tariff line in every country', () => {
    const book = demoTariffBook();
    const codes = [
      ...example('declaration-import').items.map((i: { hsCode: string }) => i.hsCode),
      ...example('transit').consignment.items.map((i: { hsCode: string }) => i.hsCode),
    ];
    for (const c of ['KZ', 'KG', 'UZ', 'TJ', 'CN'])
      for (const code of codes)
        expect([c, code, book.tariffLine(c, code, '2026-11-27') !== undefined]).toEqual([c, code, true]);
  });

  test('every national currency has a USD and EUR rate for the acceptance weeks of the examples', () => {
    const book = demoTariffBook();
    for (const base of ['KZT', 'KGS', 'UZS', 'TJS', 'CNY'])
      for (const cur of ['USD', 'EUR']) expect(book.exchangeRate(cur, base, '2026-11-27')).toBeDefined();
  });

  test('every data file says it is illustrative', () => {
    const dir = path.resolve(__dirname, '../../config/reference');
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const j = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      expect([f, j.illustrative, /ILLUSTRATIVE|Illustrative/.test(j.note)]).toEqual([f, true, true]);
    }
  });

  test('the exchange rate valid on a date is the latest published on or before it', () => {
    const book = demoTariffBook();
    expect(book.exchangeRate('USD', 'KZT', '2026-11-22')?.validFrom).toBe('2026-11-16');
    expect(book.exchangeRate('USD', 'KZT', '2026-11-23')?.validFrom).toBe('2026-11-23');
    expect(book.exchangeRate('USD', 'KZT', '2026-11-29')?.validFrom).toBe('2026-11-23');
    expect(book.exchangeRate('USD', 'KZT', '2024-12-31')).toBeUndefined();
    expect(book.exchangeRate('KZT', 'KZT', '2026-11-27')?.rate).toBe('1');
  });

  test('reference prices prefer an origin-specific row over a general one', () => {
    const book = demoTariffBook();
    expect(book.referencePrice('KZ', '8471300000', 'CN', '2026-11-27')?.price).toBe('120.00');
    expect(book.referencePrice('KZ', '8471300000', 'VN', '2026-11-27')?.price).toBe('95.00');
  });
});
