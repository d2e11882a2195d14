import type { DeclarationInput } from '../../domain/schemas/declaration';

/** The mistakes real clearance systems make, one per bad payload. */
export const BAD_KINDS = [
  'invoice-total',
  'unknown-hs',
  'bad-office',
  'net-over-gross',
  'missing-items',
  'bad-currency',
  'not-json-object',
] as const;

export type BadKind = (typeof BAD_KINDS)[number];

/** A valid declaration broken the given way: a payload the API must refuse with 400. */
export function spoil(declaration: DeclarationInput, kind: BadKind): unknown {
  const d = declaration as unknown as {
    invoice: { amount: string; currency: string };
    items?: { hsCode: string; netMassKg: string; grossMassKg: string }[];
    officeOfDeclaration: string;
  };
  switch (kind) {
    case 'invoice-total':
      d.invoice.amount = (Number(d.invoice.amount) + 100).toFixed(2);
      break;
    case 'unknown-hs':
      d.items![0].hsCode = '0199990000';
      break;
    case 'bad-office':
      d.officeOfDeclaration = 'KZZZZ999';
      break;
    case 'net-over-gross':
      d.items![0].netMassKg = (Number(d.items![0].grossMassKg) + 10).toFixed(3);
      break;
    case 'missing-items':
      delete d.items;
      break;
    case 'bad-currency':
      d.invoice.currency = 'XXQ';
      break;
    case 'not-json-object':
      return [d];
  }
  return d;
}
