/**
 * Harmonized System nomenclature (HS 2022): 2-digit chapter (01-97, 77 reserved), 4-digit heading,
 * 6-digit subheading; national tariff lines extend a subheading to 8 or 10 digits. The nomenclature
 * is data (loaded from a CSV `section,hscode,description,parent,level`) compiled once into sets.
 */

export interface HsRow {
  section: string;
  hscode: string;
  description: string;
  parent: string;
  level: number;
}

export type HsIssueCode =
  'invalid_hs_code' | 'invalid_hs_chapter' | 'reserved_hs_chapter' | 'unknown_hs_code';

export type HsCheck =
  { ok: true; level: 2 | 4 | 6 | 8 | 10 } | { ok: false; code: HsIssueCode; message: string };

/**
 * Splits CSV text into records (RFC 4180: quoted fields, doubled quotes, commas and newlines inside
 * quotes, CRLF or LF line ends). Pure; no trailing empty record.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let inQuotes = false;
  let i = 0;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < src.length) {
    const ch = src[i];
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (inQuotes) throw new SyntaxError('unterminated quoted field in CSV');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Parses the HS CSV (`section,hscode,description,parent,level` with a header line). */
export function parseHsCsv(text: string): HsRow[] {
  const records = parseCsv(text);
  if (records.length === 0) return [];
  const header = records[0].map((h) => h.trim().toLowerCase());
  const col = (name: string): number => {
    const idx = header.indexOf(name);
    if (idx < 0) throw new SyntaxError(`HS CSV header lacks column "${name}" (got ${header.join(',')})`);
    return idx;
  };
  const [cSection, cCode, cDesc, cParent, cLevel] = [
    'section',
    'hscode',
    'description',
    'parent',
    'level',
  ].map(col);
  return records.slice(1).map((r, n) => {
    const level = Number(r[cLevel]);
    if (!Number.isInteger(level))
      throw new SyntaxError(`HS CSV line ${n + 2}: level "${r[cLevel]}" is not an integer`);
    return {
      section: r[cSection],
      hscode: r[cCode].trim(),
      description: r[cDesc],
      parent: r[cParent].trim(),
      level,
    };
  });
}

/** Pure format/chapter check that needs no data: digits only, 2/4/6/8/10 long, chapter 01-97 but not 77. */
export function checkHsShape(code: string, lengths: readonly number[] = [6, 8, 10]): HsCheck {
  if (typeof code !== 'string' || !/^[0-9]+$/.test(code) || !lengths.includes(code.length)) {
    return {
      ok: false,
      code: 'invalid_hs_code',
      message: `HS code must be ${lengths.join(', ')} digits (no dots or spaces), got "${String(code)}"`,
    };
  }
  const chapter = Number(code.slice(0, 2));
  if (chapter === 77)
    return { ok: false, code: 'reserved_hs_chapter', message: 'HS chapter 77 is reserved for future use' };
  if (chapter < 1 || chapter > 97) {
    return {
      ok: false,
      code: 'invalid_hs_chapter',
      message: `HS chapter must be 01-97, got "${code.slice(0, 2)}"`,
    };
  }
  return { ok: true, level: code.length as 2 | 4 | 6 | 8 | 10 };
}

export class Nomenclature {
  private readonly codes = new Map<string, HsRow>();

  constructor(rows: readonly HsRow[]) {
    for (const r of rows) if (/^[0-9]{2}([0-9]{2}){0,2}$/.test(r.hscode)) this.codes.set(r.hscode, r);
  }

  static fromCsv(text: string): Nomenclature {
    return new Nomenclature(parseHsCsv(text));
  }

  get size(): number {
    return this.codes.size;
  }

  /** True if the exact 2, 4 or 6-digit code is in the nomenclature. */
  has(code: string): boolean {
    return this.codes.has(code);
  }

  describe(code: string): string | undefined {
    return this.codes.get(code.slice(0, 6))?.description ?? this.codes.get(code.slice(0, 4))?.description;
  }

  /**
   * A declarable code: 6 digits that exist in HS 2022, or an 8/10-digit national line whose first
   * 6 digits exist. Chapters 01-97 only, 77 reserved; anything else is `invalid_hs_code`.
   */
  check(code: string): HsCheck {
    const shape = checkHsShape(code);
    if (!shape.ok) return shape;
    const sub = code.slice(0, 6);
    if (!this.codes.has(sub)) {
      return code.length === 6
        ? { ok: false, code: 'unknown_hs_code', message: `HS subheading ${sub} does not exist in HS 2022` }
        : {
            ok: false,
            code: 'unknown_hs_code',
            message: `national line ${code} does not extend an existing HS 2022 subheading (${sub} unknown)`,
          };
    }
    return shape;
  }

  /** A prefix used by tariff tables (2-10 digits, even length) is valid if its HS part exists. */
  checkPrefix(prefix: string): HsCheck {
    const shape = checkHsShape(prefix, [2, 4, 6, 8, 10]);
    if (!shape.ok) return shape;
    const hsPart = prefix.slice(0, Math.min(6, prefix.length));
    if (!this.codes.has(hsPart))
      return { ok: false, code: 'unknown_hs_code', message: `HS code ${hsPart} does not exist in HS 2022` };
    return shape;
  }
}
