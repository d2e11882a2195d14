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

/**
 * The kit's references are HMRC test data. Substituted, by element, with Clearway's demo reference
 * data (config/reference/offices.json) so a sample can be accepted here; the samples stay as they are:
 * - offices by role: departure GB -> KZALA001, XI -> KGOSH001; transit GB -> KZKOR001, XI -> KGAKZ001;
 *   destination (declared and actual) GB -> KZAST001, XI -> KGBIS001;
 * - countries GB -> KZ, XI -> KG (XI, Northern Ireland, is not an ISO 3166 code), in country elements
 *   and as the prefix of EORIs (identification numbers);
 * - the GRN -> `grn`, a guarantee the test registered (access code AC01, GBP), unless `grn` is undefined;
 * - container numbers (HMRC's are not ISO 6346) -> CWKU0000001, CWKU0000002, ...;
 * - MRN -> `mrn` when given (a follow-up of a movement lodged in the test).
 */
export interface DemoSubstitution {
  grn?: string;
  mrn?: string;
  /** LRN -> this (a follow-up that names a pre-lodged declaration by its LRN). */
  lrn?: string;
  /** Overrides the actual office of destination (IE007/IE044) with the movement's. */
  destinationActual?: string;
}

const OFFICES: Record<string, Record<string, string>> = {
  CustomsOfficeOfDeparture: { GB: 'KZALA001', XI: 'KGOSH001' },
  CustomsOfficeOfTransitDeclared: { GB: 'KZKOR001', XI: 'KGAKZ001' },
  CustomsOfficeOfDestinationDeclared: { GB: 'KZAST001', XI: 'KGBIS001' },
  CustomsOfficeOfDestinationActual: { GB: 'KZAST001', XI: 'KGBIS001' },
};
const COUNTRY: Record<string, string> = { GB: 'KZ', XI: 'KG' };

export function toDemo(xml: string, s: DemoSubstitution = {}): string {
  let out = xml;
  for (const [group, map] of Object.entries(OFFICES))
    out = out.replace(
      new RegExp(
        `(<${group}>(?:(?!</${group}>)[\\s\\S])*?<referenceNumber>)(GB|XI)[0-9A-Z]{6}(</referenceNumber>)`,
        'g',
      ),
      (_, a: string, c: string, b: string) =>
        `${a}${group === 'CustomsOfficeOfDestinationActual' && s.destinationActual ? s.destinationActual : map[c]}${b}`,
    );
  out = out.replace(
    /<(country|nationality|countryOfDestination|countryOfDispatch)>(GB|XI)</g,
    (_, e: string, c: string) => `<${e}>${COUNTRY[c]}<`,
  );
  out = out.replace(
    /<(identificationNumber|TIRHolderIdentificationNumber)>(GB|XI)([0-9A-Z]+)</g,
    (_, e: string, c: string, rest: string) => `<${e}>${COUNTRY[c]}${rest}<`,
  );
  if (s.grn) out = out.replace(/<GRN>[^<]*<\/GRN>/g, `<GRN>${s.grn}</GRN>`);
  if (s.mrn) out = out.replace(/<MRN>[^<]*<\/MRN>/g, `<MRN>${s.mrn}</MRN>`);
  if (s.lrn) out = out.replace(/<LRN>[^<]*<\/LRN>/g, `<LRN>${s.lrn}</LRN>`);
  let n = 0;
  out = out.replace(
    /<containerIdentificationNumber>[^<]*</g,
    () => `<containerIdentificationNumber>CWKU${String(++n).padStart(7, '0')}<`,
  );
  return out;
}

/** A GRN in NCTS's 17-character format, unique per call. */
export const freshNctsGrn = () => `26KZ${uniqueRef(12)}${Math.floor(Math.random() * 10)}`;

/** The demo guarantee a kit sample's GRN is replaced with: GBP, access code AC01, valid in KZ and KG. */
export const kitGuarantee = (grn: string) => ({
  grn,
  type: '1',
  holder: { tin: 'KZ953574106000', name: 'Kit test holder', country: 'KZ' },
  guarantor: { name: 'Kit test surety', country: 'KZ' },
  currency: 'GBP',
  referenceAmount: '1000000.00',
  validFrom: '2026-01-01',
  validUntil: '2027-12-31',
  accessCode: 'AC01',
  countriesOfValidity: ['KZ', 'KG'],
});

/** POST an XML body; the answer's text, status and headers. */
export async function postXml(
  baseUrl: string,
  path: string,
  token: string,
  xml: string,
  contentType = 'application/xml',
) {
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType, accept: 'application/xml' },
    body: xml,
    signal: AbortSignal.timeout(25_000),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}
