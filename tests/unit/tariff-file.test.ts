import { parseTariffFile, TARIFF_FILE_COLUMNS, type TariffFileContext } from '../../domain/tariff-file';

const HEADER = TARIFF_FILE_COLUMNS.join(',');
const ctx: TariffFileContext = {
  countries: new Set(['KZ', 'UZ']),
  subheadings: new Set(['847130', '220300', '640299']),
  existing: [
    { id: 'KZ-8471300000-2024-01-01', country: 'KZ', hsPrefix: '8471300000', validFrom: '2024-01-01' },
  ],
};
const file = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

test('good lines of the three kinds parse to tariff lines, ids by country, code and start', () => {
  const r = parseTariffFile(
    file(
      'UZ,8471300000,Portable computers,2026-01-01,,ad_valorem,5,,,,,',
      'UZ,2203000100,Beer in containers up to 10 l,2026-01-01,2026-12-31,specific,,0.35,EUR,unit,LTR,',
      'UZ,6402990000,"Footwear, other",2026-01-01,,mixed,10,2,EUR,unit,PR,greater',
    ),
    ctx,
  );
  expect(r.issues).toEqual([]);
  expect(r.lines).toEqual([
    {
      id: 'UZ-8471300000-2026-01-01',
      country: 'UZ',
      hsPrefix: '8471300000',
      description: 'Portable computers',
      duty: { kind: 'ad_valorem', percent: '5' },
      validFrom: '2026-01-01',
    },
    expect.objectContaining({
      id: 'UZ-2203000100-2026-01-01',
      validTo: '2026-12-31',
      duty: { kind: 'specific', amount: '0.35', currency: 'EUR', per: 'unit', unit: 'LTR' },
    }),
    expect.objectContaining({
      description: 'Footwear, other',
      duty: {
        kind: 'mixed',
        rule: 'greater',
        percent: '10',
        amount: '2',
        currency: 'EUR',
        per: 'unit',
        unit: 'PR',
      },
    }),
  ]);
});

test('every bad field of every line is reported by line number, and no line is returned', () => {
  const r = parseTariffFile(
    file(
      'UZ,8471300000,Portable computers,2026-01-01,,ad_valorem,5,,,,,',
      'XX,9999990000,Unknown,2026-02-30,,ad_valorem,-5,,,,,',
      'UZ,84713000,Short code,2026-01-01,2025-01-01,specific,,abc,ZZZ,kg,,',
      'UZ,2203000100,Beer,2026-01-01,,ad_valorem,5000,1,,,,',
      'UZ,6402990000,Shoes,2026-01-01,,duty,,,,,,',
      'UZ,6402990000,Shoes,2026-01-01',
    ),
    ctx,
  );
  expect(r.lines).toEqual([]);
  const at = (line: number) => r.issues.filter((i) => i.line === line).map((i) => `${i.field}: ${i.message}`);
  expect(at(2)).toEqual([]);
  expect(at(3)).toEqual([
    'country: unknown country "XX": no customs office of it in the reference data',
    'code: HS subheading 999999 is not in the loaded HS nomenclature',
    'valid_from: must be a date YYYY-MM-DD',
    'percent: must be a non-negative decimal string',
  ]);
  expect(at(4)).toEqual(
    expect.arrayContaining([
      'code: must be a national tariff line of 10 digits',
      'valid_to: must not be before valid_from 2026-01-01',
      'amount: must be a non-negative decimal string',
    ]),
  );
  expect(at(4).some((m) => m.startsWith('currency: '))).toBe(true);
  expect(at(5)).toEqual([
    'amount: not used by the ad_valorem rate: leave it empty',
    'percent: must not exceed 1000',
  ]);
  expect(at(6)).toEqual(['duty_kind: must be one of ad_valorem, specific, mixed']);
  expect(at(7)).toEqual(['header: has 4 fields, the header 12']);
});

test('two versions of one line valid on the same day are refused, in the file and against what is loaded', () => {
  const r = parseTariffFile(
    file(
      'UZ,8471300000,Computers,2026-01-01,2026-06-30,ad_valorem,5,,,,,',
      'UZ,8471300000,Computers,2026-06-30,,ad_valorem,4,,,,,',
      'KZ,8471300000,Computers,2026-01-01,,ad_valorem,0,,,,,',
    ),
    ctx,
  );
  expect(r.lines).toEqual([]);
  expect(r.issues).toEqual([
    {
      line: 3,
      field: 'validity',
      message: '2026-06-30..open overlaps line 2 (2026-01-01..2026-06-30) of the same code',
    },
    {
      line: 4,
      field: 'validity',
      message:
        '2026-01-01..open overlaps the loaded line KZ-8471300000-2024-01-01 (2024-01-01..open): restate that line with a valid_to first',
    },
  ]);
});

test('restating a loaded line with a valid_to closes it, and the next version may follow', () => {
  const r = parseTariffFile(
    file(
      'KZ,8471300000,Computers,2024-01-01,2025-12-31,ad_valorem,0,,,,,',
      'KZ,8471300000,Computers,2026-01-01,,ad_valorem,2,,,,,',
    ),
    ctx,
  );
  expect(r.issues).toEqual([]);
  expect(r.lines.map((l) => l.id)).toEqual(['KZ-8471300000-2024-01-01', 'KZ-8471300000-2026-01-01']);
});

test('a wrong header or an empty file loads nothing, saying why', () => {
  expect(parseTariffFile('code,rate\n1,2\n', ctx).issues).toEqual([
    { line: 1, field: 'header', message: `must be ${HEADER}` },
  ]);
  expect(parseTariffFile(file(), ctx).issues).toEqual([
    { line: 2, field: 'code', message: 'the file has no tariff lines' },
  ]);
});
