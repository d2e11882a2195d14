import fs from 'node:fs';
import path from 'node:path';
import { SHARED_DIR } from '../../config/paths';

/** The NCTS phase 5 reference kit beside the repository, read in place (never copied, never changed). */
export const KIT_DIR = path.join(SHARED_DIR, 'reference', 'ncts');

export interface KitSample {
  file: string;
  message: string;
  root: string;
  expected: string;
  xsd_expected: 'valid' | 'invalid';
  scenario_note?: string;
  hardcoded_refs: { MRN: string[]; LRN: string[] };
}

export const kitManifest = (): KitSample[] =>
  JSON.parse(fs.readFileSync(path.join(KIT_DIR, 'manifest.json'), 'utf8')) as KitSample[];

export const kitName = (s: KitSample) => path.basename(s.file, '.xml');

const pad = (n: number) => String(n).padStart(2, '0');
const stamp = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

let counter = 0;
/** A fresh value, unique in this process, of `length` characters [0-9A-Z]. */
export const uniqueRef = (length: number) =>
  `${Date.now().toString(36)}${(++counter).toString(36)}${Math.random().toString(36).slice(2)}`
    .toUpperCase()
    .padStart(length, '0')
    .slice(-length);

/**
 * The kit's postman variables, as its README says to substitute them: LRN and message id unique per
 * submission, dates from now (24-hour clock, no zone).
 */
export function kitVariables(now = new Date()): Record<string, string> {
  const in14 = new Date(now.getTime() + 14 * 86_400_000);
  return {
    LRN: `CWKIT${uniqueRef(12)}`,
    messageIdentification: uniqueRef(14),
    IntConRefMES11: uniqueRef(14),
    preparationDateAndTime: stamp(now),
    arrivalNotificationDateAndTime: stamp(now),
    requestDateAndTime: stamp(now),
    decisionDateAndTime: stamp(now),
    arrivalTime: stamp(in14),
    limitDate: stamp(in14).slice(0, 10),
    unloadingDate: stamp(now).slice(0, 10),
    DatOfPreMES9: stamp(now).slice(0, 10),
  };
}

export function readSample(s: KitSample | string, values = kitVariables()): string {
  const file = typeof s === 'string' ? `samples/${s}.xml` : s.file;
  return fs.readFileSync(path.join(KIT_DIR, file), 'utf8').replace(/\{\{([^}]*)\}\}/g, (_, k: string) => {
    const v = values[k.trim()];
    if (v === undefined) throw new Error(`no substitution for {{${k}}} in ${file}`);
    return v;
  });
}
