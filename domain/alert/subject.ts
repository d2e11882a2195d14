import type { AlertSubject } from '../../contracts/alert';
import { iso6346CheckDigit } from '../mrn';

/**
 * What an alert's subject is compared with. Pure and zod-free: the workflows of declarations and
 * transits build the same keys for their search attributes, so a visibility query finds them.
 */

/** A registration as plates are read: capitals and digits only (`01 KZ-123 ABC` -> `01KZ123ABC`). */
export const normaliseRegistration = (reg: string): string => reg.toUpperCase().replace(/[^A-Z0-9]/g, '');

export const normaliseTin = (tin: string): string => tin.toUpperCase().replace(/\s/g, '');

/** ISO 6346: owner code (3 letters), category (U, J or Z), serial (6 digits), check digit. */
export function containerNumberValid(n: string): boolean {
  return /^[A-Z]{3}[UJZ][0-9]{7}$/.test(n) && iso6346CheckDigit(n.slice(0, 10)) === n[10];
}

/** The facts of an open case an alert can match. */
export interface CaseSubjects {
  vehicles: string[];
  containers: string[];
  traders: string[];
  /** HS heading (4 digits) and origin country of each goods item. */
  goods: { heading: string; origin: string }[];
}

/** The facts as the search attributes and the lodgement check hold them: normalised and unique. */
export function caseSubjects(raw: {
  vehicles: (string | undefined)[];
  containers: (string | undefined)[];
  traders: (string | undefined)[];
  goods: { hsCode: string; origin?: string }[];
}): CaseSubjects {
  const uniq = (xs: string[]) => [...new Set(xs.filter((x) => x.length > 0))].sort();
  return {
    vehicles: uniq(raw.vehicles.map((v) => normaliseRegistration(v ?? ''))),
    containers: uniq(raw.containers.map((c) => (c ?? '').toUpperCase())),
    traders: uniq(raw.traders.map((t) => normaliseTin(t ?? ''))),
    goods: raw.goods
      .filter((g) => g.origin)
      .map((g) => ({ heading: g.hsCode.slice(0, 4), origin: g.origin! }))
      .filter((g, i, all) => all.findIndex((o) => o.heading === g.heading && o.origin === g.origin) === i),
  };
}

/** The subject in the form the case facts hold it. */
export function normaliseSubject(s: AlertSubject): AlertSubject {
  switch (s.kind) {
    case 'vehicle':
      return { kind: 'vehicle', registration: normaliseRegistration(s.registration) };
    case 'container':
      return { kind: 'container', number: s.number.toUpperCase() };
    case 'trader':
      return { kind: 'trader', tin: normaliseTin(s.tin) };
    case 'commodity':
      return { kind: 'commodity', hsHeading: s.hsHeading.slice(0, 4), origin: s.origin };
  }
}

export function subjectMatches(s: AlertSubject, facts: CaseSubjects): boolean {
  const n = normaliseSubject(s);
  switch (n.kind) {
    case 'vehicle':
      return facts.vehicles.includes(n.registration);
    case 'container':
      return facts.containers.includes(n.number);
    case 'trader':
      return facts.traders.includes(n.tin);
    case 'commodity':
      return facts.goods.some((g) => g.heading === n.hsHeading && g.origin === n.origin);
  }
}

/** One line naming the subject, for reasons and timelines. */
export function describeSubject(s: AlertSubject): string {
  switch (s.kind) {
    case 'vehicle':
      return `vehicle ${s.registration}`;
    case 'container':
      return `container ${s.number}`;
    case 'trader':
      return `trader ${s.tin}`;
    case 'commodity':
      return `HS ${s.hsHeading} from ${s.origin}`;
  }
}

/**
 * The visibility query for the open cases carrying the subject, or undefined for a commodity (no
 * search attribute: goods are matched when a case is lodged). Values are normalised capitals and
 * digits, so nothing needs escaping.
 */
export function visibilityQuery(s: AlertSubject): string | undefined {
  const n = normaliseSubject(s);
  const open = `ExecutionStatus = 'Running' AND CaseKind IN ('declaration', 'transit')`;
  switch (n.kind) {
    case 'vehicle':
      return `Vehicles = '${n.registration}' AND ${open}`;
    case 'container':
      return `Containers = '${n.number}' AND ${open}`;
    case 'trader':
      return `Traders = '${n.tin}' AND ${open}`;
    case 'commodity':
      return undefined;
  }
}

/** A declaration's facts: its vehicle, containers, parties' TINs and goods (heading, origin). */
export function declarationSubjects(d: {
  transport: { vehicleRegistration?: string; containers?: string[] };
  declarant: { tin?: string };
  importer?: { tin?: string };
  exporter?: { tin?: string };
  items: { hsCode: string; originCountry: string }[];
}): CaseSubjects {
  return caseSubjects({
    vehicles: [d.transport.vehicleRegistration],
    containers: d.transport.containers ?? [],
    traders: [d.declarant.tin, d.importer?.tin, d.exporter?.tin],
    goods: d.items.map((i) => ({ hsCode: i.hsCode, origin: i.originCountry })),
  });
}
