import { currencyDigits } from './codes';
import { AssessmentError, type Explained, type Step } from './explain';
import { apportion, dec, Dec, fmt, round, sum, ZERO } from './money';
import type { Declaration, Incoterm, ValuationMethod } from './schemas/declaration';

/**
 * Customs value (WTO Customs Valuation Agreement).
 *
 * Method 1, transaction value: the price actually paid or payable (item invoice amounts) plus the
 * Art. 8 additions the buyer bears that are not in the price: freight, loading/handling and insurance
 * up to the border of import (only when the Incoterm leaves them to the buyer, since every
 * administration here values at the border, CIF-like), selling commissions, packing, royalties,
 * assists (whenever declared). Everything is converted into the national currency at the rate valid
 * on the acceptance date, each amount rounded half-up to the currency's minor unit, then the header
 * additions are apportioned to the items by largest remainder (the parts always add up to the cent):
 * - freight and loading/handling by GROSS MASS: transport is charged by weight, so a heavy cheap
 *   item should carry more freight than a light expensive one;
 * - insurance, commissions, packing, royalties, assists BY VALUE (item price): they follow value.
 * If every item has zero gross mass, freight falls back to value. Methods 2-6 are accepted as
 * declared: the declared customs value, with its reason recorded, apportioned by item price.
 */

export type AdditionKind =
  'freight' | 'loadingHandling' | 'insurance' | 'commissions' | 'packing' | 'royalties' | 'assists';
export const ADDITION_KINDS: readonly AdditionKind[] = [
  'freight',
  'loadingHandling',
  'insurance',
  'commissions',
  'packing',
  'royalties',
  'assists',
];

/** Transport costs to the border are in the price under C and D terms; insurance under CIF, CIP and D terms. */
const FREIGHT_IN_PRICE: ReadonlySet<Incoterm> = new Set(['CFR', 'CIF', 'CPT', 'CIP', 'DAP', 'DPU', 'DDP']);
const INSURANCE_IN_PRICE: ReadonlySet<Incoterm> = new Set(['CIF', 'CIP', 'DAP', 'DPU', 'DDP']);

export function additionIncludedInPrice(kind: AdditionKind, incoterm: Incoterm): boolean {
  if (kind === 'freight' || kind === 'loadingHandling') return FREIGHT_IN_PRICE.has(incoterm);
  if (kind === 'insurance') return INSURANCE_IN_PRICE.has(incoterm);
  return false;
}

export function apportionmentBasis(kind: AdditionKind): 'grossMass' | 'value' {
  return kind === 'freight' || kind === 'loadingHandling' ? 'grossMass' : 'value';
}

export interface AppliedRate {
  currency: string;
  base: string;
  rate: string;
  validFrom: string;
}

/** Looks up the exchange rate valid on a date (the latest published on or before it). */
export interface RateSource {
  exchangeRate(currency: string, base: string, date: string): AppliedRate | undefined;
}

export interface ItemValue {
  seq: number;
  /** Item invoice price in the national currency. */
  price: string;
  /** Apportioned additions, national currency; only kinds actually added. */
  additions: Partial<Record<AdditionKind, string>>;
  customsValue: string;
}

export interface CustomsValuation {
  method: ValuationMethod;
  methodReason?: string;
  currency: string;
  acceptanceDate: string;
  incoterm: Incoterm;
  rates: AppliedRate[];
  /** Header additions added, converted to the national currency, before apportionment. */
  additions: Partial<Record<AdditionKind, string>>;
  items: ItemValue[];
  total: string;
}

export interface ValuationContext {
  acceptanceDate: string;
  nationalCurrency: string;
  rates: RateSource;
}

/** Converts with the rate valid on the date; records each rate used once. */
export class Converter {
  readonly used = new Map<string, AppliedRate>();
  readonly scale: number;

  constructor(
    private readonly ctx: ValuationContext,
    private readonly steps: Step[],
  ) {
    this.scale = currencyDigits(ctx.nationalCurrency);
  }

  rate(currency: string): Dec {
    const { nationalCurrency: base, acceptanceDate: date } = this.ctx;
    const r = this.ctx.rates.exchangeRate(currency, base, date);
    if (!r)
      throw new AssessmentError('no_exchange_rate', `no ${currency}->${base} exchange rate valid on ${date}`);
    if (!this.used.has(currency)) {
      this.used.set(currency, r);
      if (currency !== base) {
        this.steps.push({
          scope: 'header',
          rule: 'exchange-rate',
          text: `exchange rate valid on ${date} (published ${r.validFrom}): 1 ${currency} = ${r.rate} ${base}`,
          result: r.rate,
        });
      }
    }
    return dec(r.rate);
  }

  /** amount x rate, unrounded. */
  exact(amount: Dec, currency: string): Dec {
    return amount.times(this.rate(currency));
  }

  /** amount x rate rounded half-up to the national minor unit. */
  convert(amount: Dec, currency: string): Dec {
    return round(this.exact(amount, currency), this.scale);
  }
}

function validateDate(date: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new AssessmentError('invalid_date', `acceptance date must be YYYY-MM-DD, got "${date}"`);
}

export function computeCustomsValue(decl: Declaration, ctx: ValuationContext): Explained<CustomsValuation> {
  validateDate(ctx.acceptanceDate);
  const steps: Step[] = [];
  const cur = ctx.nationalCurrency;
  const conv = new Converter(ctx, steps);
  const scale = conv.scale;
  const v = decl.valuation;

  // 1. Price of each item, in the national currency.
  const prices = decl.items.map((it) => {
    const p = conv.convert(dec(it.invoiceAmount), decl.invoice.currency);
    const text =
      decl.invoice.currency === cur
        ? `price paid or payable ${it.invoiceAmount} ${cur}`
        : `price ${it.invoiceAmount} ${decl.invoice.currency} x ${conv.rate(decl.invoice.currency).toString()} = ${fmt(p, scale)} ${cur} (rounded half-up)`;
    steps.push({ scope: `item ${it.seq}`, rule: 'price', text, result: fmt(p, scale) });
    return p;
  });
  const perItemAdditions: Partial<Record<AdditionKind, Dec[]>> = {};
  const headerAdditions: Partial<Record<AdditionKind, string>> = {};
  let itemValues: Dec[];

  if (v.method === '1') {
    steps.push({
      scope: 'header',
      rule: 'method',
      text: 'valuation method 1: transaction value (WTO CVA Art. 1) plus Art. 8 additions',
    });
    const masses = decl.items.map((it) => dec(it.grossMassKg));
    const allMassZero = masses.every((m) => m.isZero());
    for (const kind of ADDITION_KINDS) {
      const raw = v[kind];
      if (raw === undefined || dec(raw).isZero()) continue;
      if (additionIncludedInPrice(kind, decl.incoterm)) {
        steps.push({
          scope: 'header',
          rule: `addition-${kind}`,
          text: `${kind} ${raw} ${v.currency} declared but already in the price under ${decl.incoterm}: not added`,
          result: '0',
        });
        continue;
      }
      const total = conv.convert(dec(raw), v.currency);
      headerAdditions[kind] = fmt(total, scale);
      const byMass = apportionmentBasis(kind) === 'grossMass' && !allMassZero;
      const weights = byMass ? masses : prices;
      const parts = apportion(total, weights, scale);
      perItemAdditions[kind] = parts;
      const convText =
        v.currency === cur
          ? `${raw} ${cur}`
          : `${raw} ${v.currency} x ${conv.rate(v.currency).toString()} = ${fmt(total, scale)} ${cur}`;
      steps.push({
        scope: 'header',
        rule: `addition-${kind}`,
        text: `${kind} added (${decl.incoterm} leaves it to the buyer or it is an Art. 8 cost): ${convText}; apportioned by ${byMass ? 'gross mass' : 'item price'} (largest remainder)`,
        result: fmt(total, scale),
      });
      const basisTotal = sum(weights);
      decl.items.forEach((it, i) => {
        steps.push({
          scope: `item ${it.seq}`,
          rule: `addition-${kind}`,
          text: `${kind} share ${fmt(total, scale)} x ${byMass ? `${it.grossMassKg} kg` : fmt(prices[i], scale)} / ${byMass ? `${basisTotal.toString()} kg` : fmt(basisTotal, scale)} = ${fmt(parts[i], scale)} ${cur}`,
          result: fmt(parts[i], scale),
        });
      });
    }
    itemValues = prices.map((p, i) =>
      p.plus(sum(ADDITION_KINDS.map((k) => perItemAdditions[k]?.[i] ?? ZERO))),
    );
  } else {
    const declared = conv.convert(dec(v.declaredCustomsValue ?? '0'), v.currency);
    steps.push({
      scope: 'header',
      rule: 'method',
      text: `valuation method ${v.method} accepted as declared (reason: ${v.methodReason ?? 'not given'}): ${v.declaredCustomsValue} ${v.currency} = ${fmt(declared, scale)} ${cur}, apportioned by item price`,
      result: fmt(declared, scale),
    });
    itemValues = apportion(declared, prices, scale);
  }

  const items: ItemValue[] = decl.items.map((it, i) => {
    const additions: Partial<Record<AdditionKind, string>> = {};
    for (const k of ADDITION_KINDS)
      if (perItemAdditions[k]) additions[k] = fmt(perItemAdditions[k]![i], scale);
    const parts = [fmt(prices[i], scale), ...Object.values(additions)];
    steps.push({
      scope: `item ${it.seq}`,
      rule: 'customs-value',
      text:
        v.method === '1'
          ? `customs value ${parts.join(' + ')} = ${fmt(itemValues[i], scale)} ${cur}`
          : `customs value (method ${v.method}, share by price) = ${fmt(itemValues[i], scale)} ${cur}`,
      result: fmt(itemValues[i], scale),
    });
    return { seq: it.seq, price: fmt(prices[i], scale), additions, customsValue: fmt(itemValues[i], scale) };
  });
  const total = sum(itemValues);
  steps.push({
    scope: 'header',
    rule: 'customs-value-total',
    text: `total customs value = sum of items = ${fmt(total, scale)} ${cur}`,
    result: fmt(total, scale),
  });

  return {
    value: {
      method: v.method,
      ...(v.methodReason ? { methodReason: v.methodReason } : {}),
      currency: cur,
      acceptanceDate: ctx.acceptanceDate,
      incoterm: decl.incoterm,
      rates: [...conv.used.values()].filter((r) => r.currency !== cur),
      additions: headerAdditions,
      items,
      total: fmt(total, scale),
    },
    steps,
  };
}
