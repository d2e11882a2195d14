import * as fs from 'node:fs';
import * as path from 'node:path';
import { Pool } from 'pg';
import { demoReferenceData } from '../../config/reference';
import {
  createReferenceActivities,
  fetchExchangeRate,
  fetchNomenclature,
  fetchReferenceData,
  fetchTariffLinesFor,
  loadDemoReferenceData,
  loadHsCsv,
  loadReferenceData,
} from '../../activities/reference';
import { DeclarationSchema } from '../../domain/schemas';

/**
 * Reference data loaders against the real PostgreSQL of the integration harness (DATABASE_URL is set
 * and migrated by tests/support/stack-setup.ts). The HS file is read from ../shared, never copied.
 */
const SHARED = path.resolve(__dirname, '../../../shared');
const example = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(SHARED, 'examples', `${name}.json`), 'utf8'));

let pool: Pool;
beforeAll(async () => {
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'DATABASE_URL is not set: run through the integration project (tests/support/stack-setup.ts)',
    );
  pool = new Pool({ connectionString: url, max: 4 });
  // Own data: the HS nomenclature and the demo set, loaded here (idempotent, so other tests may load them too).
  await loadHsCsv(pool, fs.readFileSync(path.join(SHARED, 'reference', 'hs2022.csv'), 'utf8'));
  await loadDemoReferenceData(pool);
});
afterAll(async () => {
  await pool?.end();
});

describe('reference data in PostgreSQL', () => {
  test('loading the HS file twice changes nothing the second time', async () => {
    const again = await loadHsCsv(
      pool,
      fs.readFileSync(path.join(SHARED, 'reference', 'hs2022.csv'), 'utf8'),
    );
    expect(again.ref_hs.rows).toBeGreaterThan(6900);
    expect(again.ref_hs.changed).toBe(0);
    const hs = await fetchNomenclature(pool);
    expect(hs.check('8471300000')).toEqual({ ok: true, level: 10 });
    expect(hs.check('847199')).toMatchObject({ ok: false, code: 'unknown_hs_code' });
  });

  test('loading the demo set twice changes nothing the second time', async () => {
    const again = await loadDemoReferenceData(pool);
    for (const [table, c] of Object.entries(again)) expect([table, c.changed]).toEqual([table, 0]);
    expect(again.ref_tariff_lines.rows).toBe(demoReferenceData.tariffLines.length);
  });

  test('what is read back equals what was loaded (dates and decimals unchanged)', async () => {
    const back = await fetchReferenceData(pool);
    const byId = <T extends { id: string }>(a: T[]) => [...a].sort((x, y) => x.id.localeCompare(y.id));
    expect(
      byId(back.tariffLines.filter((l) => demoReferenceData.tariffLines.some((d) => d.id === l.id))),
    ).toEqual(byId(demoReferenceData.tariffLines));
    expect(back.exchangeRates).toEqual(expect.arrayContaining(demoReferenceData.exchangeRates));
    expect(back.vatRates).toEqual(expect.arrayContaining(demoReferenceData.vatRates));
    expect(back.preferences.map((p) => p.id)).toEqual(
      expect.arrayContaining(['EAEU', 'CIS-FTA', 'EAEU-GSP']),
    );
    expect(back.offices.map((o) => o.code)).toEqual(
      expect.arrayContaining(example('offices').map((o: { code: string }) => o.code)),
    );
  });

  test('a changed rate is updated in place and counted once', async () => {
    const changed = {
      ...demoReferenceData,
      exchangeRates: [{ currency: 'USD', base: 'KZT', rate: '499.9900', validFrom: '2031-01-06' }],
      offices: [],
      tariffLines: [],
      preferences: [],
      vatRates: [],
      exciseRates: [],
      referencePrices: [],
    };
    expect((await loadReferenceData(pool, changed)).ref_exchange_rates.changed).toBe(1);
    expect((await loadReferenceData(pool, changed)).ref_exchange_rates.changed).toBe(0);
    changed.exchangeRates[0].rate = '500.0100';
    expect((await loadReferenceData(pool, changed)).ref_exchange_rates.changed).toBe(1);
    expect(await fetchExchangeRate(pool, 'USD', 'KZT', '2031-02-01')).toEqual({
      rate: '500.0100',
      validFrom: '2031-01-06',
    });
  });

  test('tariff lines for a code come longest prefix first, valid on the date', async () => {
    const lines = await fetchTariffLinesFor(pool, 'KZ', '8504403000', '2026-11-27');
    expect(lines.map((l) => l.hsPrefix)).toEqual(['8504403000', '850440', '85']);
    expect((await fetchTariffLinesFor(pool, 'KZ', '8415100000', '2025-06-01')).map((l) => l.id)).toEqual([
      'KZ-8415-2022',
      'KZ-ch84',
    ]);
  });

  test('the exchange rate valid on the acceptance date is the latest published on or before it', async () => {
    expect(await fetchExchangeRate(pool, 'USD', 'KZT', '2026-11-27')).toEqual({
      rate: '512.3400',
      validFrom: '2026-11-23',
    });
    expect(await fetchExchangeRate(pool, 'USD', 'KZT', '2020-01-01')).toBeUndefined();
  });

  test('activities validate the shared examples and assess the import example from PostgreSQL data, to the tiyn', async () => {
    const acts = createReferenceActivities({ pool });
    expect(await acts.validateDeclaration(example('declaration-import'))).toMatchObject({ ok: true });
    expect(await acts.validateTransit(example('transit'))).toMatchObject({ ok: true });
    const bad = example('declaration-import');
    bad.officeOfDeclaration = 'KZXXX999';
    expect(await acts.validateDeclaration(bad)).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: 'officeOfDeclaration', code: 'unknown_office' })],
    });
    // Same figures as the golden unit test (tests/unit/duties/import-example.test.ts), now from the database.
    const r = await acts.assessDeclaration(
      DeclarationSchema.parse(example('declaration-import')),
      '2026-11-27',
    );
    expect(r.value.totals).toEqual({
      customsValue: '13672049.07',
      duty: '95734.81',
      excise: '0.00',
      vat: '2202845.42',
      total: '2298580.23',
    });
  });
});
