import { Nomenclature, type HsRow } from '../../domain/hs';
import { OfficeDirectory, type Office } from '../../domain/offices';
import { ReferenceDataSchema, TariffBook, type ReferenceData } from '../../domain/tariff';
import type { ValidationRefs } from '../../domain/validation';

/**
 * Reads reference data back from PostgreSQL into the domain's shapes. Dates are read as text
 * (`YYYY-MM-DD`, no time-zone shifts) and NUMERIC as text (decimal strings, never floats).
 */
import type { Db } from '../db/transaction';

const d = (col: string) => `to_char(${col}, 'YYYY-MM-DD')`;
/** numeric -> text without pg's type parser (keeps scale as stored, e.g. 512.3400). */
const n = (col: string) => `${col}::text`;

export async function fetchHsRows(db: Db): Promise<HsRow[]> {
  const res = await db.query<{
    section: string;
    code: string;
    description: string;
    parent: string;
    level: number;
  }>('SELECT section, code, description, parent, level FROM ref_hs');
  return res.rows.map((r) => ({
    section: r.section,
    hscode: r.code,
    description: r.description,
    parent: r.parent,
    level: Number(r.level),
  }));
}

export async function fetchNomenclature(db: Db): Promise<Nomenclature> {
  return new Nomenclature(await fetchHsRows(db));
}

export async function fetchOffices(db: Db, country?: string): Promise<Office[]> {
  const res = await db.query<{
    code: string;
    country: string;
    name: string;
    roles: Office['roles'];
    crossing: string | null;
    facing: string | null;
  }>(
    `SELECT code, country, name, roles, crossing, facing FROM ref_offices ${country ? 'WHERE country = $1' : ''} ORDER BY code`,
    country ? [country] : [],
  );
  return res.rows.map((r) => ({
    code: r.code,
    country: r.country,
    name: r.name,
    roles: r.roles,
    ...(r.crossing ? { crossing: r.crossing } : {}),
    ...(r.facing ? { facing: r.facing } : {}),
  }));
}

export async function fetchOfficeDirectory(db: Db): Promise<OfficeDirectory> {
  return new OfficeDirectory(await fetchOffices(db));
}

export async function fetchValidationRefs(db: Db): Promise<ValidationRefs> {
  const [hs, offices] = await Promise.all([fetchNomenclature(db), fetchOfficeDirectory(db)]);
  return { hs, offices };
}

const opt = <K extends string, V>(k: K, v: V | null): { [P in K]?: V } =>
  v === null || v === undefined ? {} : ({ [k]: v } as { [P in K]?: V });

/** The whole reference data set (all countries, all validity periods), validated with the domain schema. */
export async function fetchReferenceData(db: Db): Promise<ReferenceData> {
  const [offices, lines, prefs, vat, excise, rates, prices] = await Promise.all([
    fetchOffices(db),
    db.query(
      `SELECT id, country, hs_prefix, description, duty, ${d('valid_from')} AS valid_from, ${d('valid_to')} AS valid_to FROM ref_tariff_lines ORDER BY id`,
    ),
    db.query(
      `SELECT id, name, importing_countries, origin_countries, hs_prefixes, excluded_hs_prefixes, ${n('duty_factor')} AS duty_factor, proof_document_code,
              ${d('valid_from')} AS valid_from, ${d('valid_to')} AS valid_to FROM ref_preferences ORDER BY priority, id`,
    ),
    db.query(
      `SELECT country, hs_prefix, ${n('percent')} AS percent, ${d('valid_from')} AS valid_from, ${d('valid_to')} AS valid_to FROM ref_vat_rates ORDER BY country, hs_prefix, valid_from`,
    ),
    db.query(
      `SELECT id, country, hs_prefix, description, rate, ${d('valid_from')} AS valid_from, ${d('valid_to')} AS valid_to FROM ref_excise_rates ORDER BY id`,
    ),
    db.query(
      `SELECT currency, base, ${n('rate')} AS rate, ${d('valid_from')} AS valid_from FROM ref_exchange_rates ORDER BY currency, base, valid_from`,
    ),
    db.query(
      `SELECT country, hs_prefix, origin_country, unit, currency, ${n('price')} AS price, ${d('valid_from')} AS valid_from, ${d('valid_to')} AS valid_to
       FROM ref_reference_prices ORDER BY country, hs_prefix, origin_country, unit, valid_from`,
    ),
  ]);
  return ReferenceDataSchema.parse({
    offices,
    tariffLines: lines.rows.map((r) => ({
      id: r.id,
      country: r.country,
      hsPrefix: r.hs_prefix,
      description: r.description,
      duty: r.duty,
      validFrom: r.valid_from,
      ...opt('validTo', r.valid_to),
    })),
    preferences: prefs.rows.map((r) => ({
      id: r.id,
      name: r.name,
      importingCountries: r.importing_countries,
      originCountries: r.origin_countries,
      hsPrefixes: r.hs_prefixes,
      excludedHsPrefixes: r.excluded_hs_prefixes,
      dutyFactor: r.duty_factor,
      ...opt('proofDocumentCode', r.proof_document_code),
      validFrom: r.valid_from,
      ...opt('validTo', r.valid_to),
    })),
    vatRates: vat.rows.map((r) => ({
      country: r.country,
      ...(r.hs_prefix ? { hsPrefix: r.hs_prefix } : {}),
      percent: r.percent,
      validFrom: r.valid_from,
      ...opt('validTo', r.valid_to),
    })),
    exciseRates: excise.rows.map((r) => ({
      id: r.id,
      country: r.country,
      hsPrefix: r.hs_prefix,
      description: r.description,
      rate: r.rate,
      validFrom: r.valid_from,
      ...opt('validTo', r.valid_to),
    })),
    exchangeRates: rates.rows.map((r) => ({
      currency: r.currency,
      base: r.base,
      rate: r.rate,
      validFrom: r.valid_from,
    })),
    referencePrices: prices.rows.map((r) => ({
      country: r.country,
      hsPrefix: r.hs_prefix,
      ...(r.origin_country ? { originCountry: r.origin_country } : {}),
      unit: r.unit,
      currency: r.currency,
      price: r.price,
      validFrom: r.valid_from,
      ...opt('validTo', r.valid_to),
    })),
  });
}

export async function fetchTariffBook(db: Db): Promise<TariffBook> {
  return new TariffBook(await fetchReferenceData(db));
}

/** The tariff book read at most once per `cacheMs`; a failed read is not kept. */
export function cachedTariffBook(db: Db, cacheMs = 60_000): () => Promise<TariffBook> {
  let cached: { at: number; book: Promise<TariffBook> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > cacheMs) {
      const b = fetchTariffBook(db);
      b.catch(() => (cached = undefined));
      cached = { at: Date.now(), book: b };
    }
    return cached.book;
  };
}

/** Tariff lines of a country whose prefix matches an HS code and that are valid on a date (longest prefix first). */
export async function fetchTariffLinesFor(db: Db, country: string, hsCode: string, date: string) {
  const prefixes: string[] = [];
  for (let k = Math.min(10, hsCode.length); k >= 2; k -= 2) prefixes.push(hsCode.slice(0, k));
  const res = await db.query(
    `SELECT id, hs_prefix, description, duty, ${d('valid_from')} AS valid_from, ${d('valid_to')} AS valid_to
     FROM ref_tariff_lines WHERE country = $1 AND hs_prefix = ANY($2::text[]) AND valid_from <= $3::date AND (valid_to IS NULL OR valid_to >= $3::date)
     ORDER BY length(hs_prefix) DESC, valid_from DESC`,
    [country, prefixes, date],
  );
  return res.rows.map((r) => ({
    id: r.id as string,
    country,
    hsPrefix: r.hs_prefix as string,
    description: r.description as string,
    duty: r.duty,
    validFrom: r.valid_from as string,
    ...opt('validTo', r.valid_to as string | null),
  }));
}

/** The exchange rate valid on a date (latest published on or before it), as a decimal string. */
export async function fetchExchangeRate(
  db: Db,
  currency: string,
  base: string,
  date: string,
): Promise<{ rate: string; validFrom: string } | undefined> {
  if (currency === base) return { rate: '1', validFrom: '0000-01-01' };
  const res = await db.query<{ rate: string; valid_from: string }>(
    `SELECT ${n('rate')} AS rate, ${d('valid_from')} AS valid_from FROM ref_exchange_rates WHERE currency = $1 AND base = $2 AND valid_from <= $3::date ORDER BY valid_from DESC LIMIT 1`,
    [currency, base, date],
  );
  return res.rows[0] ? { rate: res.rows[0].rate, validFrom: res.rows[0].valid_from } : undefined;
}
