import * as fs from 'node:fs';
import * as path from 'node:path';
import { Pool } from 'pg';
import {
  fetchTariffBook,
  loadDemoReferenceData,
  loadHsCsv,
  loadTariffFile,
} from '../../activities/reference';
import { TARIFF_FILE_COLUMNS } from '../../domain/tariff-file';

/**
 * Issue 19, point 6: `clearway reference load tariff FILE` against the real PostgreSQL of the
 * integration harness. TJ lines of chapter 97 only, removed afterwards, so other tests keep the demo
 * tariff they expect.
 */
const HS = path.resolve(__dirname, '../../../shared/reference/hs2022.csv');
const file = (...rows: string[]) => [TARIFF_FILE_COLUMNS.join(','), ...rows].join('\n') + '\n';
const GOOD = file(
  'TJ,9701210000,Paintings more than 100 years old,2026-01-01,2026-06-30,ad_valorem,2,,,,,',
  'TJ,9701210000,Paintings more than 100 years old,2026-07-01,,ad_valorem,1.5,,,,,',
  'TJ,9706100000,Antiques of an age exceeding 250 years,2026-01-01,,specific,,30,USD,unit,PCE,',
);

let pool: Pool;
const national = async () =>
  (
    await pool.query<{ id: string; illustrative: boolean }>(
      `SELECT id, illustrative FROM ref_tariff_lines WHERE country = 'TJ' AND length(hs_prefix) = 10 ORDER BY id`,
    )
  ).rows;

beforeAll(async () => {
  pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  await loadHsCsv(pool, fs.readFileSync(HS, 'utf8'));
  await loadDemoReferenceData(pool);
  await pool.query(`DELETE FROM ref_tariff_lines WHERE country = 'TJ' AND length(hs_prefix) = 10`);
});
afterAll(async () => {
  await pool.query(`DELETE FROM ref_tariff_lines WHERE country = 'TJ' AND length(hs_prefix) = 10`);
  await pool.end();
});

test('a bad file is refused line by line and loads nothing, not even its good lines', async () => {
  const r = await loadTariffFile(
    pool,
    file(
      'TJ,9701210000,Paintings,2026-01-01,,ad_valorem,2,,,,,',
      'TJ,9701210000,Paintings,2026-03-01,,ad_valorem,1,,,,,',
      'TJ,7700000000,Reserved chapter,2026-01-01,,ad_valorem,5,,,,,',
      'TJ,9706100000,Antiques,2026-01-01,,specific,,-30,USD,unit,PCE,',
    ),
  );
  expect(r).toEqual({
    ok: false,
    issues: [
      {
        line: 3,
        field: 'validity',
        message: '2026-03-01..open overlaps line 2 (2026-01-01..open) of the same code',
      },
      { line: 4, field: 'code', message: 'HS subheading 770000 is not in the loaded HS nomenclature' },
      { line: 5, field: 'amount', message: 'must be a non-negative decimal string' },
    ],
  });
  expect(await national()).toEqual([]);
});

test('a good file loads real lines in one go; twice changes nothing; they win over the chapter lines by date', async () => {
  expect(await loadTariffFile(pool, GOOD)).toEqual({ ok: true, lines: 3, changed: 3 });
  expect(await loadTariffFile(pool, GOOD)).toEqual({ ok: true, lines: 3, changed: 0 });
  expect(await national()).toEqual([
    { id: 'TJ-9701210000-2026-01-01', illustrative: false },
    { id: 'TJ-9701210000-2026-07-01', illustrative: false },
    { id: 'TJ-9706100000-2026-01-01', illustrative: false },
  ]);
  const book = await fetchTariffBook(pool);
  expect(book.tariffLine('TJ', '9701210000', '2026-03-01')?.line.duty).toEqual({
    kind: 'ad_valorem',
    percent: '2',
  });
  expect(book.tariffLine('TJ', '9701210000', '2026-11-27')?.line.duty).toEqual({
    kind: 'ad_valorem',
    percent: '1.5',
  });
  expect(book.tariffLine('TJ', '9701210000', '2025-11-27')?.line.id).toBe('TJ-ch97');
});

test('a new version that overlaps a loaded line is refused until that line is closed', async () => {
  const next = 'TJ,9706100000,Antiques,2027-01-01,,specific,,35,USD,unit,PCE,';
  const refused = await loadTariffFile(pool, file(next));
  expect(refused).toMatchObject({ ok: false, issues: [{ line: 2, field: 'validity' }] });
  const closed = await loadTariffFile(
    pool,
    file('TJ,9706100000,Antiques,2026-01-01,2026-12-31,specific,,30,USD,unit,PCE,', next),
  );
  expect(closed).toEqual({ ok: true, lines: 2, changed: 2 });
});
