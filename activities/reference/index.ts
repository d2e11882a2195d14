import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Pool } from 'pg';
import { demoReferenceData } from '../../config/reference';
import { assessDeclaration, type Assessment } from '../../domain/duties';
import type { Explained } from '../../domain/explain';
import type { Declaration } from '../../domain/schemas/declaration';
import type { TariffBook } from '../../domain/tariff';
import { validateDeclaration, validateTransit, type ValidationRefs } from '../../domain/validation';
import { loadHsCsv, loadReferenceData } from './loaders';
import { fetchTariffBook, fetchValidationRefs } from './lookups';

export * from './loaders';
export * from './lookups';
export * from './tariff-load';

/** Loads the illustrative demo set (config/reference) with idempotent upserts. */
export function loadDemoReferenceData(pool: Pool) {
  return loadReferenceData(pool, demoReferenceData);
}

export interface ReferenceActivityDeps {
  pool: Pool;
  /** Milliseconds since epoch (injected so tests control cache expiry). */
  clock?: () => number;
  /** How long compiled reference data is reused before it is read again. */
  cacheMs?: number;
}

/**
 * Activities over reference data: validate and assess with the data in PostgreSQL. Compiled lookups
 * (nomenclature, offices, tariff book) are cached per worker for `cacheMs` (default 60 s). Results are
 * plain JSON (FieldIssue[], Assessment with decimal strings), safe to return to workflows.
 */
export function createReferenceActivities({
  pool,
  clock = () => Date.now(),
  cacheMs = 60_000,
}: ReferenceActivityDeps) {
  let refs: { at: number; value: Promise<ValidationRefs> } | undefined;
  let book: { at: number; value: Promise<TariffBook> } | undefined;
  const fresh = (c: { at: number } | undefined) => c !== undefined && clock() - c.at < cacheMs;
  const getRefs = () => {
    if (!fresh(refs)) refs = { at: clock(), value: fetchValidationRefs(pool) };
    refs!.value.catch(() => (refs = undefined));
    return refs!.value;
  };
  const getBook = () => {
    if (!fresh(book)) book = { at: clock(), value: fetchTariffBook(pool) };
    book!.value.catch(() => (book = undefined));
    return book!.value;
  };
  return {
    async validateDeclaration(input: unknown) {
      return validateDeclaration(input, await getRefs());
    },
    async validateTransit(input: unknown) {
      return validateTransit(input, await getRefs());
    },
    /** Customs value, duties and taxes with the rates valid on `acceptanceDate` (YYYY-MM-DD). */
    async assessDeclaration(decl: Declaration, acceptanceDate: string): Promise<Explained<Assessment>> {
      return assessDeclaration(decl, { acceptanceDate, book: await getBook() });
    },
    /** Forget cached reference data (after a reload). */
    async invalidateReferenceCache(): Promise<void> {
      refs = undefined;
      book = undefined;
    },
  };
}

/** The HS file next to the repository, if present (development layout: ../shared/reference). */
export const DEFAULT_HS_FILE =
  [
    path.resolve(__dirname, '../../../shared/reference/hs2022.csv'),
    path.resolve(__dirname, '../../../../shared/reference/hs2022.csv'),
  ].find((f) => fs.existsSync(f)) ?? path.resolve(__dirname, '../../../shared/reference/hs2022.csv');

/**
 * What `clearway start` loads after migrating: the illustrative demo set, and the HS nomenclature from
 * `CLEARWAY_HS_FILE` (or ../shared/reference/hs2022.csv when the table is still empty and that file
 * exists). Idempotent; returns a one-line summary.
 */
export async function loadStartupReference(
  pool: Pool,
  config: { CLEARWAY_HS_FILE?: string },
  log: (msg: string) => void = () => undefined,
): Promise<string> {
  const demo = await loadDemoReferenceData(pool);
  const demoChanged = Object.values(demo).reduce((a, c) => a + c.changed, 0);
  let hsText = 'HS nomenclature unchanged';
  const hsFile = config.CLEARWAY_HS_FILE ?? DEFAULT_HS_FILE;
  const { rows } = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM ref_hs');
  if (config.CLEARWAY_HS_FILE || (Number(rows[0].n) === 0 && fs.existsSync(hsFile))) {
    if (!fs.existsSync(hsFile)) throw new Error(`CLEARWAY_HS_FILE ${hsFile} does not exist`);
    log(`loading HS nomenclature from ${hsFile}`);
    const hs = await loadHsCsv(pool, fs.readFileSync(hsFile, 'utf8'));
    hsText = `HS nomenclature: ${hs.ref_hs.rows} codes (${hs.ref_hs.changed} changed)`;
  } else if (Number(rows[0].n) === 0) {
    hsText = 'HS nomenclature NOT loaded (set CLEARWAY_HS_FILE or run `clearway reference load hs FILE`)';
  }
  return `reference data: demo set loaded (${demoChanged} row(s) changed, illustrative rates); ${hsText}`;
}
