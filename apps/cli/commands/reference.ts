import * as fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../../config/env';
import { createPool } from '../../../activities/db/pool';
import {
  loadDemoReferenceData,
  loadHsCsv,
  loadTariffFile,
  type LoadCounts,
} from '../../../activities/reference';
import { TARIFF_FILE_COLUMNS } from '../../../domain/tariff-file';

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

/**
 * `clearway reference load hs FILE`, `... load tariff FILE` and `... load demo` (idempotent upserts;
 * run `clearway migrate` first).
 */
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

  load
    .command('tariff')
    .argument('<file>', `national tariff CSV: ${TARIFF_FILE_COLUMNS.join(',')} (docs/reference-data.md)`)
    .description(
      'load a national tariff (10-digit lines with validity, ad valorem / specific / mixed duty); a file with any bad line loads nothing',
    )
    .action(async (file: string) => {
      const text = fs.readFileSync(file, 'utf8');
      await withPool(async (pool) => {
        const r = await loadTariffFile(pool, text, (m) => console.log(m));
        if (r.ok) {
          console.log(`ref_tariff_lines: ${r.lines} line(s), ${r.changed} inserted or changed`);
          return;
        }
        for (const i of r.issues.slice(0, 500)) console.error(`${file}:${i.line}: ${i.field}: ${i.message}`);
        if (r.issues.length > 500) console.error(`... and ${r.issues.length - 500} more`);
        console.error(`${r.issues.length} issue(s): nothing loaded`);
        process.exitCode = 1;
      });
    });
}
