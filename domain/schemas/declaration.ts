import { z } from 'zod';
import { Dec } from '../money';
import {
  amount,
  checkSequence,
  CountryCode,
  CurrencyCode,
  hsCode,
  IsoDate,
  IsoDateTime,
  issue,
  cleanSoFar,
  massKg,
  OfficeCode,
  PartySchema,
  quantity,
  Text,
  TransportModeSchema,
} from './common';

/**
 * Import / export goods declaration, shaped after the WCO Data Model classes: declaration header
 * (type, procedure, offices), parties (declarant, importer, exporter), transport, valuation
 * (invoice, Incoterm, Art. 8 additions), goods items (classification, origin, quantities, value)
 * and supporting documents. Field names follow ../../shared/examples/declaration-import.json.
 */

export const DeclarationTypeSchema = z.enum(['IM', 'EX']);

/**
 * Additional declaration type (UCC codes): A standard, B simplified occasional, C simplified
 * regular, D/E/F the same three lodged before presentation of the goods (pre-lodged), X/Y
 * supplementary, Z entry in declarant's records.
 */
export const AdditionalTypeSchema = z.enum(['A', 'B', 'C', 'D', 'E', 'F', 'X', 'Y', 'Z']);
export const PRE_LODGED_TYPES: readonly string[] = ['D', 'E', 'F'];
export function isPreLodged(decl: { additionalType: string }): boolean {
  return PRE_LODGED_TYPES.includes(decl.additionalType);
}

/** Incoterms 2020. */
export const IncotermSchema = z.enum([
  'EXW',
  'FCA',
  'FAS',
  'FOB',
  'CFR',
  'CIF',
  'CPT',
  'CIP',
  'DAP',
  'DPU',
  'DDP',
]);
export type Incoterm = z.infer<typeof IncotermSchema>;

/**
 * WTO Customs Valuation Agreement methods: 1 transaction value (Art. 1 + 8), 2 identical goods,
 * 3 similar goods, 4 deductive, 5 computed, 6 fall-back (reasonable means).
 */
export const ValuationMethodSchema = z.enum(['1', '2', '3', '4', '5', '6']);
export type ValuationMethod = z.infer<typeof ValuationMethodSchema>;

export const ValuationSchema = z.object({
  method: ValuationMethodSchema,
  /** Why methods 2-6 were used (required for them). */
  methodReason: Text(512, { lines: true }).optional(),
  /** Methods 2-6: the customs value the declarant determined, in `currency`; apportioned to items by invoice value. */
  declaredCustomsValue: amount('declared customs value').optional(),
  relatedParties: z.boolean(),
  /** Art. 8 additions in `currency`, as paid by the buyer and not included in the price. */
  freight: amount('freight').optional(),
  insurance: amount('insurance').optional(),
  loadingHandling: amount('loading and handling').optional(),
  commissions: amount('commissions').optional(),
  packing: amount('packing').optional(),
  royalties: amount('royalties').optional(),
  assists: amount('assists').optional(),
  currency: CurrencyCode,
});
export type Valuation = z.infer<typeof ValuationSchema>;

export const DeclarationItemSchema = z.object({
  seq: z.number().int().positive(),
  hsCode: hsCode(),
  description: Text(512, { lines: true }),
  originCountry: CountryCode,
  /** Preferential origin claimed: defaults to originCountry. */
  preferentialOriginCountry: CountryCode.optional(),
  quantity: quantity(),
  /** UN/ECE Rec. 20 unit: PCE, KGM, LTR, MTR, MTK, PR, NAR ... */
  unit: z
    .string()
    .regex(/^[A-Z0-9]{2,3}$/, { error: 'unit must be a UN/ECE Rec. 20 code like PCE, KGM, LTR' }),
  netMassKg: massKg('net mass'),
  grossMassKg: massKg('gross mass'),
  invoiceAmount: amount('invoice amount'),
  procedureCode: z
    .string()
    .regex(/^[0-9]{4}$/)
    .optional(),
});
export type DeclarationItem = z.infer<typeof DeclarationItemSchema>;

export const DocumentSchema = z.object({
  code: z
    .string()
    .regex(/^[A-Z0-9]{3,5}$/, { error: 'document code must be 3-5 characters [A-Z0-9], e.g. N380' }),
  reference: Text(70),
  issuedOn: IsoDate.optional(),
});
export type DeclarationDocument = z.infer<typeof DocumentSchema>;

export const DeclarationTransportSchema = z.object({
  mode: TransportModeSchema,
  vehicleRegistration: Text(35).optional(),
  nationality: CountryCode.optional(),
  containers: z
    .array(
      z
        .string()
        .regex(/^[A-Z]{4}[0-9]{7}$/, { error: 'container number must be ISO 6346, e.g. MSCU1234565' }),
    )
    .default([]),
  /** Seals on the means of transport or containers (an export sealed at loading; docs/joint-control.md). */
  seals: z.array(Text(20)).max(99).optional(),
});

/** The declaration as an object, without cross-field rules (use it for .partial()/.pick()). */
export const DeclarationObjectSchema = z.object({
  lrn: Text(35),
  type: DeclarationTypeSchema,
  additionalType: AdditionalTypeSchema,
  procedureCode: z.string().regex(/^[0-9]{4}$/, { error: 'procedure code must be 4 digits, e.g. 4000' }),
  declarant: PartySchema,
  importer: PartySchema.optional(),
  exporter: PartySchema.optional(),
  officeOfDeclaration: OfficeCode,
  officeOfEntry: OfficeCode.optional(),
  officeOfExit: OfficeCode.optional(),
  countryOfDispatch: CountryCode,
  countryOfDestination: CountryCode,
  transport: DeclarationTransportSchema,
  incoterm: IncotermSchema,
  invoice: z.object({
    number: Text(35),
    currency: CurrencyCode,
    amount: amount('invoice amount'),
    date: IsoDate.optional(),
  }),
  valuation: ValuationSchema,
  items: z
    .array(DeclarationItemSchema, {
      error: (i) => (i.input === undefined ? 'at least one goods item is required' : 'items must be a list'),
    })
    .min(1, { error: 'at least one goods item is required' })
    .max(999),
  documents: z.array(DocumentSchema).default([]),
  arrivedAt: IsoDateTime.optional(),
});

function checkDeclaration(d: z.infer<typeof DeclarationObjectSchema>, ctx: z.RefinementCtx): void {
  checkSequence(d.items, ctx, 'items');
  if (d.type === 'IM' && !d.importer)
    issue(ctx, 'required', 'an import declaration needs an importer', ['importer']);
  if (d.type === 'EX' && !d.exporter)
    issue(ctx, 'required', 'an export declaration needs an exporter', ['exporter']);
  // The exit is confirmed there (docs/declaration-process.md, "Export exit confirmation").
  if (d.type === 'EX' && !d.officeOfExit)
    issue(ctx, 'required', 'an export declaration needs its office of exit', ['officeOfExit']);
  if (d.type === 'EX' && d.officeOfExit && d.officeOfExit.slice(0, 2) !== d.officeOfDeclaration.slice(0, 2))
    issue(ctx, 'office_of_exit_country', 'the office of exit must be of the country of declaration', [
      'officeOfExit',
    ]);
  if (d.valuation.method !== '1') {
    if (!d.valuation.methodReason)
      issue(
        ctx,
        'required',
        `valuation method ${d.valuation.method} needs the reason methods 1..${Number(d.valuation.method) - 1} could not be used`,
        ['valuation', 'methodReason'],
      );
    if (!d.valuation.declaredCustomsValue)
      issue(ctx, 'required', `valuation method ${d.valuation.method} needs the declared customs value`, [
        'valuation',
        'declaredCustomsValue',
      ]);
  }
  // The items' invoice amounts make up the invoice: a mismatch is a keying error, not a rounding one.
  const itemsTotal = d.items.reduce((acc, it) => acc.plus(new Dec(it.invoiceAmount)), new Dec(0));
  if (!itemsTotal.equals(new Dec(d.invoice.amount))) {
    issue(
      ctx,
      'invoice_total_mismatch',
      `invoice amount ${d.invoice.amount} differs from the sum of item invoice amounts ${itemsTotal.toFixed(2)}`,
      ['invoice', 'amount'],
    );
  }
  d.items.forEach((it, i) => {
    if (new Dec(it.netMassKg).greaterThan(new Dec(it.grossMassKg))) {
      issue(ctx, 'net_exceeds_gross', `net mass ${it.netMassKg} kg exceeds gross mass ${it.grossMassKg} kg`, [
        'items',
        i,
        'netMassKg',
      ]);
    }
  });
}

/** Cross-field rules run only once every field is well-formed (so they never see garbage). */
export const DeclarationSchema = DeclarationObjectSchema.superRefine(checkDeclaration, { when: cleanSoFar });
export type Declaration = z.infer<typeof DeclarationSchema>;
/** What a clearance system sends (before defaults are applied). */
export type DeclarationInput = z.input<typeof DeclarationSchema>;
