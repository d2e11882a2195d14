import * as fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../../config/env';
import { createPool } from '../../../activities/db/pool';
import { loadDemoReferenceData, loadHsCsv, type LoadCounts } from '../../../activities/reference';

function report(counts: LoadCounts): void {
  for (const [table, c] of Object.entries(counts))
    console.log(`${table}: ${c.rows} row(s), ${c.changed} inserted or changed`);
}

async function withPool(fn: (pool: ReturnType<typeof createPool>) => Promise<void>): Promise<void> {
  const pool = createPool(loadConfig().databaseUrl, 2);
  try {
    await fn(pool);
  } finally {
    await pool.end();
  }
}

/** `clearway reference load hs FILE` and `clearway reference load demo` (idempotent upserts; run `clearway migrate` first). */
export function register(program: Command) {
  const reference = program
    .command('reference')
    .description('manage reference data (HS nomenclature, tariffs, rates, offices)');
  const load = reference
    .command('load')
    .description('load reference data into PostgreSQL (idempotent: loading twice changes nothing)');

  load
    .command('hs')
    .argument(
      '<file>',
      'HS CSV file: section,hscode,description,parent,level (e.g. ../shared/reference/hs2022.csv)',
    )
    .description('load the HS nomenclature from a CSV file')
    .action(async (file: string) => {
      const text = fs.readFileSync(file, 'utf8');
      await withPool(async (pool) => report(await loadHsCsv(pool, text)));
    });

  load
    .command('demo')
    .description(
      'load the ILLUSTRATIVE demo set for KZ, KG, UZ, TJ, CN (offices, tariff lines, preferences, VAT, excise, exchange rates, reference prices)',
    )
    .action(async () => {
      await withPool(async (pool) => report(await loadDemoReferenceData(pool)));
    });
}
