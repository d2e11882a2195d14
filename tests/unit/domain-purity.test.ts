import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * domain/ is pure and deterministic: it imports nothing with I/O and reads no clock or randomness,
 * so workflows can run it and replay reproduces every decision. Allowed: relative imports, zod,
 * decimal.js, i18n-iso-countries, currency-codes, and re2js (the risk rules' regular expressions,
 * domain/risk/regex.ts: pure matching, no I/O).
 */
const DOMAIN = path.resolve(__dirname, '../../domain');
const ALLOWED = new Set(['zod', 'decimal.js', 'i18n-iso-countries', 'currency-codes', 're2js']);

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Strips comments so a doc comment mentioning Date.now() does not count. */
function code(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function violations(file: string, src: string): string[] {
  const out: string[] = [];
  const text = code(src);
  const specifiers = [
    ...text.matchAll(
      /(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
  for (const s of specifiers) if (!s.startsWith('.') && !ALLOWED.has(s)) out.push(`${file}: imports "${s}"`);
  if (/\brequire\s*\(/.test(text) && specifiers.length === 0) out.push(`${file}: uses require()`);
  if (/\bDate\.now\s*\(/.test(text)) out.push(`${file}: reads the clock (Date.now())`);
  if (/\bnew\s+Date\s*\(\s*\)/.test(text)) out.push(`${file}: reads the clock (new Date() without argument)`);
  if (/\bMath\.random\s*\(/.test(text)) out.push(`${file}: uses Math.random()`);
  if (/\bperformance\.now\s*\(|\bprocess\.(env|hrtime|argv)\b|\bcrypto\.random/.test(text))
    out.push(`${file}: reads the environment, clock or randomness`);
  if (/\b(setTimeout|setInterval|setImmediate|fetch)\s*\(/.test(text))
    out.push(`${file}: schedules or does I/O`);
  return out;
}

describe('domain purity', () => {
  const files = tsFiles(DOMAIN);

  test('there is domain code to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  test('domain/ imports only relative modules, zod, decimal.js, i18n-iso-countries, currency-codes and re2js, and reads no clock or randomness', () => {
    const found = files.flatMap((f) => violations(path.relative(DOMAIN, f), fs.readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  test('the checker itself catches fs, pg, Date.now(), new Date() and Math.random', () => {
    const bad = [
      "import * as fs from 'fs';",
      "import { Pool } from 'pg';",
      "const x = require('node:path');",
      'const t = Date.now();',
      'const d = new Date();',
      'const r = Math.random();',
      "const m = await import('node:fs');",
    ];
    for (const line of bad) expect(violations('x.ts', line)).not.toEqual([]);
    expect(
      violations(
        'x.ts',
        "import { z } from 'zod';\nconst d = new Date('2026-01-01');\n// Date.now() in a comment",
      ),
    ).toEqual([]);
  });
});
