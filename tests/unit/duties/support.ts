import { demoTariffBook } from '../../../config/reference';
import type { Step } from '../../../domain/explain';
import { DeclarationSchema, type Declaration } from '../../../domain/schemas';
import { example } from '../support/fixtures';

/*
 * Golden cases. Every expected figure below was worked out by hand from the ILLUSTRATIVE demo data in
 * config/reference (rates quoted in the comments), with the documented rounding rule: each converted
 * amount and each tax of each item rounded half-up to the cent/tiyn once; additions apportioned by
 * largest remainder; totals are sums of the rounded item amounts.
 */

export const book = demoTariffBook();

export function decl(overrides: Record<string, unknown>, items: Record<string, unknown>[]): Declaration {
  const base = example('declaration-import');
  const invoiceTotal = items.reduce((a, it) => a + Math.round(Number(it.invoiceAmount) * 100), 0);
  return DeclarationSchema.parse({
    ...base,
    ...overrides,
    invoice: {
      number: 'INV-T',
      currency: (overrides.invoiceCurrency as string) ?? 'USD',
      amount: (invoiceTotal / 100).toFixed(2),
    },
    items: items.map((it, i) => ({
      seq: i + 1,
      description: `goods ${i + 1}`,
      originCountry: 'CN',
      unit: 'PCE',
      ...it,
    })),
  });
}

export const byRule = (steps: Step[], rule: string) => steps.filter((s) => s.rule === rule);
