import * as fs from 'node:fs';
import * as path from 'node:path';
import { Nomenclature } from '../../../domain/hs';
import { OfficeDirectory } from '../../../domain/offices';
import { demoOffices } from '../../../config/reference';

/** ../shared next to the repository (never copied into it). */
export const SHARED = path.resolve(__dirname, '../../../../shared');
export const EXAMPLES = path.join(SHARED, 'examples');
export const HS_CSV = path.join(SHARED, 'reference', 'hs2022.csv');

/** A fresh deep copy of a shared example each call, so tests can mutate it freely. */
export function example<T = any>(name: 'declaration-import' | 'transit' | 'guarantee' | 'offices'): T {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES, `${name}.json`), 'utf8')) as T;
}

let hs: Nomenclature | undefined;
/** HS 2022 from ../shared/reference/hs2022.csv; a hand-written sample only if that file is absent. */
export function nomenclature(): Nomenclature {
  if (!hs) {
    const file = fs.existsSync(HS_CSV) ? HS_CSV : path.join(__dirname, 'hs-fallback.csv');
    hs = Nomenclature.fromCsv(fs.readFileSync(file, 'utf8'));
  }
  return hs;
}
export const usingSharedHs = (): boolean => fs.existsSync(HS_CSV);

export function refs() {
  return { hs: nomenclature(), offices: new OfficeDirectory(demoOffices) };
}
