import { z } from 'zod';
import { Dec } from '../money';
import {
  AccessCodeSchema,
  checkSequence,
  CountryCode,
  GrnSchema,
  GuaranteeTypeSchema,
  hsCode,
  issue,
  cleanSoFar,
  massKg,
  MoneySchema,
  OfficeCode,
  PartySchema,
  Text,
  TransportModeSchema,
} from './common';

/**
 * Transit declaration (NCTS IE015-like): holder of the procedure, offices of departure, transit and
 * destination, routing, transport with seals, guarantee reference and the consignment.
 * Field names follow ../../shared/examples/transit.json.
 */

/** T1 external, T2 internal, T2F special fiscal territories, TIR carnet, T mixed. */
export const TransitDeclarationTypeSchema = z.enum(['T', 'T1', 'T2', 'T2F', 'TIR']);
/** A standard, B simplified (authorised consignor), D/E the same pre-lodged. */
export const TransitAdditionalTypeSchema = z.enum(['A', 'B', 'D', 'E']);

export const TransitItemSchema = z.object({
  seq: z.number().int().positive(),
  /** Transit needs at least the heading; 6 digits or more usual. */
  hsCode: hsCode([4, 6, 8, 10]),
  description: Text(512, { lines: true }),
  packages: z.object({
    kind: z
      .string()
      .regex(/^[A-Z0-9]{2}$/, { error: 'package kind must be a UN/ECE Rec. 21 code like CT, PK, BX' }),
    count: z.number().int().nonnegative(),
    marks: Text(512, { lines: true }).optional(),
  }),
  grossMassKg: massKg('gross mass'),
  netMassKg: massKg('net mass').optional(),
});
export type TransitItem = z.infer<typeof TransitItemSchema>;

export const TransitGuaranteeSchema = z.object({
  type: GuaranteeTypeSchema,
  grn: GrnSchema.optional(),
  accessCode: AccessCodeSchema.optional(),
  amountToBeCovered: MoneySchema.optional(),
});

export const TransitDeclarationObjectSchema = z.object({
  lrn: Text(35),
  declarationType: TransitDeclarationTypeSchema,
  additionalType: TransitAdditionalTypeSchema,
  holder: PartySchema,
  officeOfDeparture: OfficeCode,
  officesOfTransit: z.array(OfficeCode).max(9).default([]),
  officeOfDestination: OfficeCode,
  countriesOfRouting: z.array(CountryCode).min(1).max(99),
  transport: z.object({
    mode: TransportModeSchema,
    vehicleRegistration: Text(35).optional(),
    nationality: CountryCode.optional(),
    containers: z.array(z.string().regex(/^[A-Z]{4}[0-9]{7}$/)).optional(),
    seals: z.array(Text(20)).max(99).default([]),
  }),
  guarantee: TransitGuaranteeSchema,
  /**
   * Documents, references and additional information the declaration cites (NCTS CC015C: previous,
   * supporting and transport documents, additional references and information), at consignment level
   * or for one goods item. Recorded with the movement; no rule reads them yet.
   */
  documents: z
    .array(
      z.object({
        group: z.enum([
          'PreviousDocument',
          'SupportingDocument',
          'TransportDocument',
          'AdditionalReference',
          'AdditionalInformation',
        ]),
        type: z.string().regex(/^[A-Z0-9]{4,5}$/, { error: 'document type must be a 4-5 character code' }),
        reference: Text(512, { lines: true }).optional(),
        itemSeq: z.number().int().positive().optional(),
      }),
    )
    .max(999)
    .optional(),
  consignment: z.object({
    grossMassKg: massKg('gross mass'),
    items: z
      .array(TransitItemSchema, {
        error: (i) =>
          i.input === undefined ? 'at least one goods item is required' : 'items must be a list',
      })
      .min(1, { error: 'at least one goods item is required' })
      .max(999),
  }),
});

function checkTransit(t: z.infer<typeof TransitDeclarationObjectSchema>, ctx: z.RefinementCtx): void {
  checkSequence(t.consignment.items, ctx, 'consignment.items');
  const g = t.guarantee;
  if (g.type !== '0' && !g.grn)
    issue(ctx, 'required', `guarantee type ${g.type} needs a GRN`, ['guarantee', 'grn']);
  if (g.grn && !g.accessCode)
    issue(ctx, 'required', 'a guarantee reference needs its access code', ['guarantee', 'accessCode']);
  const itemsMass = t.consignment.items.reduce((a, it) => a.plus(new Dec(it.grossMassKg)), new Dec(0));
  if (itemsMass.greaterThan(new Dec(t.consignment.grossMassKg))) {
    issue(
      ctx,
      'mass_mismatch',
      `items weigh ${itemsMass.toFixed(3)} kg gross, more than the consignment's ${t.consignment.grossMassKg} kg`,
      ['consignment', 'grossMassKg'],
    );
  }
  const routing = t.countriesOfRouting;
  if (routing[0] !== t.officeOfDeparture.slice(0, 2))
    issue(
      ctx,
      'routing_mismatch',
      'the first country of routing must be the country of the office of departure',
      ['countriesOfRouting', 0],
    );
  if (routing[routing.length - 1] !== t.officeOfDestination.slice(0, 2)) {
    issue(
      ctx,
      'routing_mismatch',
      'the last country of routing must be the country of the office of destination',
      ['countriesOfRouting', routing.length - 1],
    );
  }
  t.officesOfTransit.forEach((o, i) => {
    if (!routing.includes(o.slice(0, 2)))
      issue(ctx, 'routing_mismatch', `office of transit ${o} is in a country not on the routing`, [
        'officesOfTransit',
        i,
      ]);
  });
}

export const TransitDeclarationSchema = TransitDeclarationObjectSchema.superRefine(checkTransit, {
  when: cleanSoFar,
});
export type TransitDeclaration = z.infer<typeof TransitDeclarationSchema>;
export type TransitDeclarationInput = z.input<typeof TransitDeclarationSchema>;
