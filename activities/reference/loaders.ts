import type { PoolClient } from 'pg';
import { inTransaction, type Db } from '../db/transaction';
import { parseHsCsv, type HsRow } from '../../domain/hs';
import {
  ReferenceDataSchema,
  type ReferenceData,
  type ReferenceDataInput,
  type TariffLine,
} from '../../domain/tariff';

/**
 * Loaders of reference data into PostgreSQL. Every write is an upsert that changes a row only if
 * its content differs (`IS DISTINCT FROM`), so loading the same data twice changes nothing and the
 * returned counts say what actually changed. Rows absent from the input are left alone.
 */

/**
 * Upserts rows given column-wise as arrays (one `unnest` statement per batch). `key` columns form the
 * conflict target; other columns are updated only when different.
 */
export interface Column {
  name: string;
  /** PostgreSQL type of the parameter array elements. */
  type: string;
  /** SQL turning the unnested parameter into the column value (default: as is). */
  select?: (x: string) => string;
}

export async function upsert(
  c: PoolClient,
  table: string,
  columns: Column[],
  key: string[],
  rows: unknown[][],
  batch = 1000,
): Promise<number> {
  let changed = 0;
  const others = columns.filter((col) => !key.includes(col.name)).map((col) => col.name);
  const setList = others.map((n) => `${n} = EXCLUDED.${n}`).join(', ');
  const distinct = others.length
    ? `WHERE (${others.map((n) => `${table}.${n}`).join(', ')}) IS DISTINCT FROM (${others.map((n) => `EXCLUDED.${n}`).join(', ')})`
    : '';
  const sql = `INSERT INTO ${table} (${columns.map((c2) => c2.name).join(', ')})
    SELECT ${columns.map((col, i) => (col.select ? col.select(`u.c${i}`) : `u.c${i}`)).join(', ')}
    FROM unnest(${columns.map((col, i) => `$${i + 1}::${col.type}[]`).join(', ')}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})
    ON CONFLICT (${key.join(', ')}) ${others.length ? `DO UPDATE SET ${setList} ${distinct}` : 'DO NOTHING'}`;
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    const params = columns.map((_, i) => slice.map((r) => r[i]));
    const res = await c.query(sql, params);
    changed += res.rowCount ?? 0;
  }
  return changed;
}

/** text[] columns cannot go through unnest (it would flatten a 2-D array): pass JSON text, convert in SQL. */
const jsonArray = (a: readonly string[] | undefined) => JSON.stringify(a ?? []);
const TEXT_ARRAY = (x: string) => `ARRAY(SELECT jsonb_array_elements_text(${x}::jsonb))`;

/** A tariff line as the row of `ref_tariff_lines`, in the column order of the loaders. */
export const tariffLineRow = (l: TariffLine): unknown[] => [
  l.id,
  l.country,
  l.hsPrefix,
  l.description,
  JSON.stringify(l.duty),
  l.validFrom,
  l.validTo ?? null,
];

export interface LoadCounts {
  [table: string]: { rows: number; changed: number };
}

/** Loads HS rows (2, 4 and 6-digit codes; the TOTAL and chapter 99 pseudo-rows are kept out). */
export async function loadHsRows(db: Db, rows: readonly HsRow[]): Promise<LoadCounts> {
  const keep = rows.filter(
    (r) =>
      /^[0-9]{2}([0-9]{2}){0,2}$/.test(r.hscode) &&
      [2, 4, 6].includes(r.level) &&
      r.hscode.slice(0, 2) !== '99',
  );
  const changed = await inTransaction(db, (c) =>
    upsert(
      c,
      'ref_hs',
      [
        { name: 'code', type: 'text' },
        { name: 'section', type: 'text' },
        { name: 'description', type: 'text' },
        { name: 'parent', type: 'text' },
        { name: 'level', type: 'smallint' },
      ],
      ['code'],
      keep.map((r) => [r.hscode, r.section, r.description, r.parent, r.level]),
    ),
  );
  return { ref_hs: { rows: keep.length, changed } };
}

/** Parses the HS CSV text (`section,hscode,description,parent,level`) and loads it. */
export async function loadHsCsv(db: Db, csvText: string): Promise<LoadCounts> {
  return loadHsRows(db, parseHsCsv(csvText));
}

/** Loads a reference data set (by default validated with the domain schema first). */
export async function loadReferenceData(db: Db, input: ReferenceDataInput): Promise<LoadCounts> {
  const d: ReferenceData = ReferenceDataSchema.parse(input);
  return inTransaction(db, async (c) => {
    const out: LoadCounts = {};
    const run = async (table: string, columns: Column[], key: string[], rows: unknown[][]) => {
      out[table] = { rows: rows.length, changed: await upsert(c, table, columns, key, rows) };
    };
    const T = (name: string, type = 'text'): Column => ({ name, type });
    const A = (name: string): Column => ({ name, type: 'text', select: TEXT_ARRAY });

    await run(
      'ref_offices',
      [T('code'), T('country'), T('name'), A('roles'), T('crossing'), T('facing')],
      ['code'],
      d.offices.map((o) => [
        o.code,
        o.country,
        o.name,
        jsonArray(o.roles),
        o.crossing ?? null,
        o.facing ?? null,
      ]),
    );
    await run(
      'ref_tariff_lines',
      [
        T('id'),
        T('country'),
        T('hs_prefix'),
        T('description'),
        T('duty', 'jsonb'),
        T('valid_from', 'date'),
        T('valid_to', 'date'),
      ],
      ['id'],
      d.tariffLines.map(tariffLineRow),
    );
    await run(
      'ref_preferences',
      [
        T('id'),
        T('name'),
        A('importing_countries'),
        A('origin_countries'),
        A('hs_prefixes'),
        A('excluded_hs_prefixes'),
        T('duty_factor', 'numeric'),
        T('proof_document_code'),
        T('priority', 'integer'),
        T('valid_from', 'date'),
        T('valid_to', 'date'),
      ],
      ['id'],
      d.preferences.map((p, i) => [
        p.id,
        p.name,
        jsonArray(p.importingCountries),
        jsonArray(p.originCountries),
        jsonArray(p.hsPrefixes),
        jsonArray(p.excludedHsPrefixes),
        p.dutyFactor,
        p.proofDocumentCode ?? null,
        i,
        p.validFrom,
        p.validTo ?? null,
      ]),
    );
    await run(
      'ref_vat_rates',
      [T('country'), T('hs_prefix'), T('valid_from', 'date'), T('valid_to', 'date'), T('percent', 'numeric')],
      ['country', 'hs_prefix', 'valid_from'],
      d.vatRates.map((v) => [v.country, v.hsPrefix ?? '', v.validFrom, v.validTo ?? null, v.percent]),
    );
    await run(
      'ref_excise_rates',
      [
        T('id'),
        T('country'),
        T('hs_prefix'),
        T('description'),
        T('rate', 'jsonb'),
        T('valid_from', 'date'),
        T('valid_to', 'date'),
      ],
      ['id'],
      d.exciseRates.map((e) => [
        e.id,
        e.country,
        e.hsPrefix,
        e.description,
        JSON.stringify(e.rate),
        e.validFrom,
        e.validTo ?? null,
      ]),
    );
    await run(
      'ref_exchange_rates',
      [T('currency'), T('base'), T('valid_from', 'date'), T('rate', 'numeric')],
      ['currency', 'base', 'valid_from'],
      d.exchangeRates.map((r) => [r.currency, r.base, r.validFrom, r.rate]),
    );
    await run(
      'ref_reference_prices',
      [
        T('country'),
        T('hs_prefix'),
        T('origin_country'),
        T('unit'),
        T('valid_from', 'date'),
        T('valid_to', 'date'),
        T('currency'),
        T('price', 'numeric'),
      ],
      ['country', 'hs_prefix', 'origin_country', 'unit', 'valid_from'],
      d.referencePrices.map((p) => [
        p.country,
        p.hsPrefix,
        p.originCountry ?? '',
        p.unit,
        p.validFrom,
        p.validTo ?? null,
        p.currency,
        p.price,
      ]),
    );
    return out;
  });
}
