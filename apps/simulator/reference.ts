import fs from 'node:fs';
import path from 'node:path';
import { demoReferenceData } from '../../config/reference';
import { REPO_ROOT } from '../../config/paths';
import { parseHsCsv, type HsRow } from '../../domain/hs';
import type { Office } from '../../domain/offices';

/**
 * What the simulator draws from: the demo offices, and for each declaring country the HS 2022
 * subheadings (from the nomenclature file, never copied into the repo) that fall under a demo
 * tariff line of that country, so every generated declaration can be assessed.
 */

/** How goods under a tariff heading are traded: declared unit, median unit price (USD), net kg per unit. */
export interface GoodsProfile {
  unit: string;
  priceUsd: number;
  kgPerUnit: number;
  /** Typical number of units on one goods item (median). */
  lot: number;
}

// Realistic orders of magnitude for the demo tariff headings (illustrative, not statistics).
const PROFILES: Record<string, GoodsProfile> = {
  '020714': { unit: 'KGM', priceUsd: 2.4, kgPerUnit: 1, lot: 18_000 },
  '0402': { unit: 'KGM', priceUsd: 3.1, kgPerUnit: 1, lot: 12_000 },
  '080810': { unit: 'KGM', priceUsd: 0.9, kgPerUnit: 1, lot: 16_000 },
  '090230': { unit: 'KGM', priceUsd: 6.5, kgPerUnit: 1, lot: 3_000 },
  '1001': { unit: 'KGM', priceUsd: 0.25, kgPerUnit: 1, lot: 60_000 },
  '1701': { unit: 'KGM', priceUsd: 0.55, kgPerUnit: 1, lot: 20_000 },
  '2203': { unit: 'LTR', priceUsd: 1.2, kgPerUnit: 1.05, lot: 8_000 },
  '2204': { unit: 'LTR', priceUsd: 4.5, kgPerUnit: 1.3, lot: 3_000 },
  '2208': { unit: 'LTR', priceUsd: 9, kgPerUnit: 1.4, lot: 1_500 },
  '240220': { unit: 'MIL', priceUsd: 28, kgPerUnit: 1.1, lot: 400 },
  '271012': { unit: 'KGM', priceUsd: 0.8, kgPerUnit: 1, lot: 24_000 },
  '3004': { unit: 'KGM', priceUsd: 45, kgPerUnit: 1, lot: 600 },
  '3304': { unit: 'PCE', priceUsd: 4, kgPerUnit: 0.15, lot: 5_000 },
  '3401': { unit: 'KGM', priceUsd: 1.8, kgPerUnit: 1, lot: 6_000 },
  '3923': { unit: 'KGM', priceUsd: 2.2, kgPerUnit: 1, lot: 5_000 },
  '401110': { unit: 'PCE', priceUsd: 48, kgPerUnit: 9, lot: 800 },
  '4202': { unit: 'PCE', priceUsd: 12, kgPerUnit: 0.9, lot: 1_500 },
  '5208': { unit: 'MTK', priceUsd: 1.6, kgPerUnit: 0.13, lot: 20_000 },
  '6109': { unit: 'PCE', priceUsd: 2.5, kgPerUnit: 0.18, lot: 6_000 },
  '611030': { unit: 'PCE', priceUsd: 5.5, kgPerUnit: 0.35, lot: 3_000 },
  '6204': { unit: 'PCE', priceUsd: 9, kgPerUnit: 0.45, lot: 2_000 },
  '640299': { unit: 'PR', priceUsd: 6.5, kgPerUnit: 0.7, lot: 2_500 },
  '6403': { unit: 'PR', priceUsd: 18, kgPerUnit: 0.9, lot: 1_200 },
  '6907': { unit: 'MTK', priceUsd: 5, kgPerUnit: 20, lot: 1_000 },
  '7208': { unit: 'KGM', priceUsd: 0.62, kgPerUnit: 1, lot: 22_000 },
  '7318': { unit: 'KGM', priceUsd: 2.1, kgPerUnit: 1, lot: 4_000 },
  '8415': { unit: 'PCE', priceUsd: 260, kgPerUnit: 38, lot: 150 },
  '8418': { unit: 'PCE', priceUsd: 310, kgPerUnit: 60, lot: 120 },
  '8450': { unit: 'PCE', priceUsd: 240, kgPerUnit: 65, lot: 120 },
  '8471': { unit: 'PCE', priceUsd: 180, kgPerUnit: 4, lot: 300 },
  '847130': { unit: 'PCE', priceUsd: 320, kgPerUnit: 2.1, lot: 250 },
  '850440': { unit: 'PCE', priceUsd: 11, kgPerUnit: 0.4, lot: 2_000 },
  '8504403000': { unit: 'PCE', priceUsd: 9, kgPerUnit: 0.35, lot: 2_000 },
  '851713': { unit: 'PCE', priceUsd: 160, kgPerUnit: 0.25, lot: 500 },
  '852872': { unit: 'PCE', priceUsd: 210, kgPerUnit: 11, lot: 200 },
  '8544': { unit: 'KGM', priceUsd: 6, kgPerUnit: 1, lot: 3_000 },
  '870323': { unit: 'PCE', priceUsd: 16_000, kgPerUnit: 1_350, lot: 6 },
  '8708': { unit: 'KGM', priceUsd: 7, kgPerUnit: 1, lot: 2_500 },
  '9018': { unit: 'PCE', priceUsd: 60, kgPerUnit: 0.8, lot: 300 },
  '9403': { unit: 'KGM', priceUsd: 3.2, kgPerUnit: 1, lot: 4_000 },
  '9503': { unit: 'PCE', priceUsd: 4.5, kgPerUnit: 0.4, lot: 3_000 },
};
const FALLBACK: GoodsProfile = { unit: 'KGM', priceUsd: 5, kgPerUnit: 1, lot: 2_000 };

export interface GoodsLine {
  /** 10-digit national line (HS 2022 subheading + 0000, or the tariff's own national line). */
  hsCode: string;
  description: string;
  tariffPrefix: string;
  profile: GoodsProfile;
}

export interface SimReference {
  offices: Office[];
  /** Offices with the declaration role, by country. */
  declarationOffices: Map<string, Office[]>;
  departureOffices: Office[];
  destinationOffices: Office[];
  /** Border crossings: office -> the office facing it across the border. */
  crossings: { office: Office; facing: Office }[];
  /** Assessable goods by declaring country. */
  goods: Map<string, GoodsLine[]>;
  hsRows: number;
}

export function defaultHsFile(): string {
  return process.env.CLEARWAY_HS_FILE ?? path.resolve(REPO_ROOT, '..', 'shared', 'reference', 'hs2022.csv');
}

export function loadSimReference(hsFile = defaultHsFile()): SimReference {
  if (!fs.existsSync(hsFile))
    throw new Error(`HS nomenclature not found at ${hsFile} (set CLEARWAY_HS_FILE)`);
  const rows = parseHsCsv(fs.readFileSync(hsFile, 'utf8'));
  const subheadings = rows.filter((r) => /^[0-9]{6}$/.test(r.hscode));
  const offices = demoReferenceData.offices;
  const byCode = new Map(offices.map((o) => [o.code, o]));
  const declarationOffices = new Map<string, Office[]>();
  for (const o of offices) {
    if (!o.roles.includes('declaration')) continue;
    declarationOffices.set(o.country, [...(declarationOffices.get(o.country) ?? []), o]);
  }
  const goods = new Map<string, GoodsLine[]>();
  const seen = new Set<string>();
  for (const line of demoReferenceData.tariffLines) {
    if (line.validTo && line.validTo < new Date().toISOString().slice(0, 10)) continue;
    // The goods of the hand-written lines, whose value profiles the simulator knows; the chapter
    // lines (config/reference/chapter-rates.json) would add every subheading at a fallback profile.
    if (line.hsPrefix.length === 2) continue;
    const list = goods.get(line.country) ?? [];
    for (const code of linesUnder(line.hsPrefix, subheadings)) {
      if (seen.has(`${line.country}|${code.hsCode}`)) continue;
      seen.add(`${line.country}|${code.hsCode}`);
      list.push({ ...code, tariffPrefix: line.hsPrefix, profile: PROFILES[line.hsPrefix] ?? FALLBACK });
    }
    goods.set(line.country, list);
  }
  const crossings = offices
    .filter((o) => o.facing && byCode.has(o.facing))
    .map((o) => ({ office: o, facing: byCode.get(o.facing!)! }));
  return {
    offices,
    declarationOffices,
    departureOffices: offices.filter((o) => o.roles.includes('departure')),
    destinationOffices: offices.filter((o) => o.roles.includes('destination')),
    crossings,
    goods,
    hsRows: rows.length,
  };
}

/** National 10-digit lines under a tariff prefix: every HS 2022 subheading it covers, + 0000. */
function linesUnder(
  prefix: string,
  subheadings: readonly HsRow[],
): { hsCode: string; description: string }[] {
  if (prefix.length > 6) {
    const sub = subheadings.find((r) => r.hscode === prefix.slice(0, 6));
    return sub ? [{ hsCode: prefix.padEnd(10, '0'), description: sub.description }] : [];
  }
  return subheadings
    .filter((r) => r.hscode.startsWith(prefix))
    .map((r) => ({ hsCode: r.hscode + '0000', description: r.description }));
}
