import Decimal from 'decimal.js';
import type { Declaration } from '../schemas/declaration';

/**
 * Risk facts: what a rule can see. Header facts are shared by every goods item; item facts are one
 * flat object per goods item. Rule predicates name fields in one flat namespace (header and item
 * field names never collide), so a rule reads `declarantTin` and `hsCode` alike.
 *
 * Numbers on the hot path are JS doubles parsed from the declaration's decimal strings. Parsing is
 * round-to-nearest, which is monotone, so a comparison between two decimal strings of up to 15
 * significant digits gives the same answer on the doubles as on the decimals. Derived values
 * (unit value, exchange conversion) are computed with decimal.js and only then turned into numbers.
 */
export interface RiskHeaderFacts {
  /** MRN (or LRN before acceptance): the random draw is keyed on it. */
  declarationId: string;
  declarationType?: string;
  procedureCode?: string;
  declarantTin?: string;
  declarantCountry?: string;
  importerTin?: string;
  exporterCountry?: string;
  aeo: boolean;
  aeoStatus?: string;
  complianceScore?: number;
  complianceRating?: string;
  officeOfDeclaration?: string;
  officeOfEntry?: string;
  countryOfDispatch?: string;
  countryOfDestination?: string;
  routeCountries: readonly string[];
  transportMode?: string;
  incoterm?: string;
  invoiceCurrency?: string;
  invoiceAmount?: number;
  relatedParties?: boolean;
  containerCount?: number;
  itemCount: number;
  documentCodes: readonly string[];
  totalGrossMassKg?: number;
  /** Audits of the declarant closed with adverse findings in the look-back (docs/audit-api.md). */
  recentAdverseAudits?: number;
}

export interface RiskItemFacts {
  seq: number;
  hsCode: string;
  originCountry?: string;
  description?: string;
  unit?: string;
  quantity?: number;
  netMassKg?: number;
  grossMassKg?: number;
  /** Item invoice amount in the invoice currency. */
  itemInvoiceAmount?: number;
  /** Declared unit value, exchange-converted into the currency of the reference prices. */
  unitValue?: number;
  /** Reference unit price for this item (import price verification), same currency as unitValue. */
  referenceUnitPrice?: number;
}

export interface RiskFacts {
  header: RiskHeaderFacts;
  items: readonly RiskItemFacts[];
}

export type FieldKind = 'string' | 'number' | 'boolean' | 'stringList';

/** Every field a predicate may name, with its kind. `declarationId` is deliberately not a field. */
export const HEADER_FIELDS = {
  declarationType: 'string',
  procedureCode: 'string',
  declarantTin: 'string',
  declarantCountry: 'string',
  importerTin: 'string',
  exporterCountry: 'string',
  aeo: 'boolean',
  aeoStatus: 'string',
  complianceScore: 'number',
  complianceRating: 'string',
  officeOfDeclaration: 'string',
  officeOfEntry: 'string',
  countryOfDispatch: 'string',
  countryOfDestination: 'string',
  routeCountries: 'stringList',
  transportMode: 'string',
  incoterm: 'string',
  invoiceCurrency: 'string',
  invoiceAmount: 'number',
  relatedParties: 'boolean',
  containerCount: 'number',
  itemCount: 'number',
  documentCodes: 'stringList',
  totalGrossMassKg: 'number',
  recentAdverseAudits: 'number',
} as const satisfies Record<Exclude<keyof RiskHeaderFacts, 'declarationId'>, FieldKind>;

export const ITEM_FIELDS = {
  seq: 'number',
  hsCode: 'string',
  originCountry: 'string',
  description: 'string',
  unit: 'string',
  quantity: 'number',
  netMassKg: 'number',
  grossMassKg: 'number',
  itemInvoiceAmount: 'number',
  unitValue: 'number',
  referenceUnitPrice: 'number',
} as const satisfies Record<keyof RiskItemFacts, FieldKind>;

export type HeaderField = keyof typeof HEADER_FIELDS;
export type ItemField = keyof typeof ITEM_FIELDS;
export type FieldName = HeaderField | ItemField;

export const FIELD_NAMES: readonly FieldName[] = [
  ...(Object.keys(HEADER_FIELDS) as HeaderField[]),
  ...(Object.keys(ITEM_FIELDS) as ItemField[]),
];

export function fieldKind(name: string): FieldKind | undefined {
  if (Object.prototype.hasOwnProperty.call(HEADER_FIELDS, name)) return HEADER_FIELDS[name as HeaderField];
  if (Object.prototype.hasOwnProperty.call(ITEM_FIELDS, name)) return ITEM_FIELDS[name as ItemField];
  return undefined;
}

export function isItemField(name: string): name is ItemField {
  return Object.prototype.hasOwnProperty.call(ITEM_FIELDS, name);
}

/** Reads a field from the flat namespace (header first, then item). Used by the reference evaluator. */
export function readField(h: RiskHeaderFacts, it: RiskItemFacts | undefined, name: FieldName): unknown {
  if (isItemField(name)) return it === undefined ? undefined : it[name];
  return h[name];
}

// ---------------------------------------------------------------------------------------------
// From a declaration

/** A decimal as it may arrive: a JSON decimal string, a number, or a decimal object. */
export type DecimalInput = string | number | { toString(): string };

/**
 * The part of a declaration the risk engine reads. Structural, so the domain `Declaration` type
 * (domain/schemas/declaration.ts) and the raw JSON of /work/shared/examples/declaration-import.json
 * are both accepted without this module importing the schema.
 */
export interface RiskDeclarationInput {
  lrn?: string;
  mrn?: string;
  type?: string;
  procedureCode?: string;
  declarant?: { tin?: string; country?: string; aeo?: boolean };
  importer?: { tin?: string; country?: string };
  exporter?: { country?: string };
  officeOfDeclaration?: string;
  officeOfEntry?: string;
  countryOfDispatch?: string;
  countryOfDestination?: string;
  transport?: { mode?: string; containers?: readonly unknown[] };
  incoterm?: string;
  invoice?: { currency?: string; amount?: DecimalInput };
  valuation?: { relatedParties?: boolean };
  items: readonly {
    seq: number;
    hsCode: string;
    description?: string;
    originCountry?: string;
    quantity?: DecimalInput;
    unit?: string;
    netMassKg?: DecimalInput;
    grossMassKg?: DecimalInput;
    invoiceAmount?: DecimalInput;
  }[];
  documents?: readonly { code: string }[];
}

/** Compile-time proof that a parsed domain `Declaration` is a valid input here (fails tsc if the schema drifts). */
type DeclarationFits = Declaration extends RiskDeclarationInput ? true : never;
export const DECLARATION_FITS_RISK_INPUT: DeclarationFits = true;

/** What the caller (an activity) looked up for the engine. The engine fetches nothing. */
export interface RiskFactsContext {
  /** MRN once allocated; defaults to decl.mrn, then decl.lrn. */
  declarationId?: string;
  /** Invoice currency -> reference price currency. Default 1 (same currency). */
  exchangeRate?: DecimalInput;
  /** Already converted declared unit values by item seq; wins over invoiceAmount / quantity x rate. */
  unitValues?: Readonly<Record<number, DecimalInput>>;
  /** Reference unit prices by HS code prefix; the longest matching prefix wins. */
  referenceUnitPrices?: Readonly<Record<string, DecimalInput>>;
  /** Declarant compliance record; absent means "no record". */
  compliance?: { score?: number; rating?: string };
  /** Adverse post-entry audits of the declarant in the look-back; absent means none looked up. */
  recentAdverseAudits?: number;
  /** AEO certificate kind (AEOC, AEOS, AEOF); overrides / complements decl.declarant.aeo. */
  aeo?: boolean;
  aeoStatus?: string;
  /** Countries on the route; defaults to [countryOfDispatch, countryOfDestination]. */
  routeCountries?: readonly string[];
}

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type D = InstanceType<typeof D>;

function decimalOrUndefined(v: DecimalInput | undefined): D | undefined {
  if (v === undefined || v === null) return undefined;
  const s = typeof v === 'number' ? v : String(v);
  try {
    const d = new D(s);
    return d.isFinite() ? d : undefined;
  } catch {
    return undefined;
  }
}

function num(v: DecimalInput | undefined): number | undefined {
  const d = decimalOrUndefined(v);
  return d === undefined ? undefined : d.toNumber();
}

function longestPrefix(
  table: Readonly<Record<string, DecimalInput>> | undefined,
  code: string,
): D | undefined {
  if (!table) return undefined;
  for (let n = code.length; n > 0; n--) {
    const hit = table[code.slice(0, n)];
    if (hit !== undefined) return decimalOrUndefined(hit);
  }
  return undefined;
}

/** Builds the facts the engine evaluates from a declaration and caller-supplied context. Pure. */
export function factsFromDeclaration(decl: RiskDeclarationInput, context: RiskFactsContext = {}): RiskFacts {
  const rate = decimalOrUndefined(context.exchangeRate) ?? new D(1);
  let totalGross: D | undefined = new D(0);
  const items: RiskItemFacts[] = decl.items.map((item) => {
    const quantity = decimalOrUndefined(item.quantity);
    const amount = decimalOrUndefined(item.invoiceAmount);
    const gross = decimalOrUndefined(item.grossMassKg);
    totalGross = totalGross === undefined || gross === undefined ? undefined : totalGross.plus(gross);
    const given = decimalOrUndefined(context.unitValues?.[item.seq]);
    const unitValue =
      given ??
      (amount !== undefined && quantity !== undefined && !quantity.isZero()
        ? amount.div(quantity).times(rate)
        : undefined);
    const ref = longestPrefix(context.referenceUnitPrices, item.hsCode);
    // Every key is always present (undefined when unknown), so all fact objects share one shape.
    return {
      seq: item.seq,
      hsCode: item.hsCode,
      originCountry: item.originCountry,
      description: item.description,
      unit: item.unit,
      quantity: quantity?.toNumber(),
      netMassKg: num(item.netMassKg),
      grossMassKg: gross?.toNumber(),
      itemInvoiceAmount: amount?.toNumber(),
      unitValue: unitValue?.toNumber(),
      referenceUnitPrice: ref?.toNumber(),
    };
  });
  const header: RiskHeaderFacts = {
    declarationId: context.declarationId ?? decl.mrn ?? decl.lrn ?? '',
    declarationType: decl.type,
    procedureCode: decl.procedureCode,
    declarantTin: decl.declarant?.tin,
    declarantCountry: decl.declarant?.country,
    importerTin: decl.importer?.tin,
    exporterCountry: decl.exporter?.country,
    aeo: context.aeo ?? decl.declarant?.aeo ?? false,
    aeoStatus: context.aeoStatus,
    complianceScore: context.compliance?.score,
    complianceRating: context.compliance?.rating,
    officeOfDeclaration: decl.officeOfDeclaration,
    officeOfEntry: decl.officeOfEntry,
    countryOfDispatch: decl.countryOfDispatch,
    countryOfDestination: decl.countryOfDestination,
    routeCountries:
      context.routeCountries ??
      [decl.countryOfDispatch, decl.countryOfDestination].filter((c): c is string => typeof c === 'string'),
    transportMode: decl.transport?.mode,
    incoterm: decl.incoterm,
    invoiceCurrency: decl.invoice?.currency,
    invoiceAmount: num(decl.invoice?.amount),
    relatedParties: decl.valuation?.relatedParties,
    containerCount: decl.transport?.containers?.length,
    itemCount: decl.items.length,
    documentCodes: (decl.documents ?? []).map((d) => d.code),
    totalGrossMassKg: totalGross === undefined ? undefined : (totalGross as D).toNumber(),
    recentAdverseAudits: context.recentAdverseAudits,
  };
  return { header, items };
}
