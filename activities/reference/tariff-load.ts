import type { Db } from '../db/transaction';
import { inTransaction } from '../db/transaction';
import { parseTariffFile, type TariffFileIssue } from '../../domain/tariff-file';
import { tariffLineRow, upsert, type Column } from './loaders';

export type TariffLoadResult =
  { ok: true; lines: number; changed: number } | { ok: false; issues: TariffFileIssue[] };

const COLUMNS: Column[] = [
  { name: 'id', type: 'text' },
  { name: 'country', type: 'text' },
  { name: 'hs_prefix', type: 'text' },
  { name: 'description', type: 'text' },
  { name: 'duty', type: 'jsonb' },
  { name: 'valid_from', type: 'date' },
  { name: 'valid_to', type: 'date' },
  { name: 'illustrative', type: 'boolean' },
];

/**
 * Loads a national tariff file (domain/tariff-file.ts) into `ref_tariff_lines`, checked against the
 * loaded HS nomenclature, offices and national lines. Nothing is written unless every line is good;
 * then all lines are written in one transaction, as real (not illustrative) lines. Idempotent.
 */
export async function loadTariffFile(
  db: Db,
  text: string,
  progress: (msg: string) => void = () => undefined,
): Promise<TariffLoadResult> {
  const [hs, offices, existing] = await Promise.all([
    db.query<{ code: string }>('SELECT code FROM ref_hs WHERE level = 6'),
    db.query<{ country: string }>('SELECT DISTINCT country FROM ref_offices'),
    db.query<{ id: string; country: string; hs_prefix: string; valid_from: string; valid_to: string | null }>(
      `SELECT id, country, hs_prefix, valid_from::text, valid_to::text
         FROM ref_tariff_lines WHERE length(hs_prefix) = 10`,
    ),
  ]);
  if (hs.rows.length === 0)
    return {
      ok: false,
      issues: [
        {
          line: 1,
          field: 'code',
          message: 'no HS nomenclature loaded: run `clearway reference load hs FILE` first',
        },
      ],
    };
  const { lines, issues } = parseTariffFile(text, {
    countries: new Set(offices.rows.map((r) => r.country)),
    subheadings: new Set(hs.rows.map((r) => r.code)),
    existing: existing.rows.map((r) => ({
      id: r.id,
      country: r.country,
      hsPrefix: r.hs_prefix,
      validFrom: r.valid_from,
      ...(r.valid_to ? { validTo: r.valid_to } : {}),
    })),
  });
  if (issues.length) return { ok: false, issues };
  progress(`${lines.length} line(s) checked; writing...`);
  const changed = await inTransaction(db, (c) =>
    upsert(
      c,
      'ref_tariff_lines',
      COLUMNS,
      ['id'],
      lines.map((l) => [...tariffLineRow(l), false]),
    ),
  );
  return { ok: true, lines: lines.length, changed };
}
