import { NATIONAL_CURRENCY } from '../codes';
import { assessDeclaration, type AssessmentTotals } from '../duties';
import { AssessmentError, type Explained, type Step } from '../explain';
import { apportion, dec, fmt, round, sum } from '../money';
import type { Declaration } from '../schemas/declaration';
import type { Money } from '../schemas/common';
import type { TransitDeclaration } from '../schemas/transit';
import type { TariffBook } from '../tariff';

/**
 * The customs debt of goods that left transit without write-off (non-arrival, or missing goods at
 * unloading), computed with the domain duty engine as if the goods were imported into `country`
 * (the country of destination) on `date`.
 *
 * A transit declaration carries no invoice, so the engine gets a stand-in import declaration:
 * - value basis: the declared amount to be covered (or the CTC default EUR 10,000), apportioned over
 *   all items by gross mass (largest remainder), CIF-like (no Art. 8 additions);
 * - origin: the country of departure (no proof of preferential origin is on a transit file);
 * - net mass = gross mass; quantity = number of packages, in the unit of a per-unit tariff rate
 *   (otherwise PCE): an approximation documented in docs/transit.md;
 * - a 4-digit heading is extended with 00.
 * The total (duty + excise + VAT, national currency) is converted into the guarantee's currency with
 * the rate valid on `date`.
 */
export const CTC_DEFAULT_GUARANTEE: Money = { currency: 'EUR', amount: '10000.00' };

export interface RecoveryInput {
  declaration: TransitDeclaration;
  country: string;
  date: string;
  book: TariffBook;
  guaranteeCurrency: string;
  /** Items concerned (discrepancies); every item when omitted. */
  itemSeqs?: number[];
}

export interface RecoveryDebt {
  country: string;
  date: string;
  nationalCurrency: string;
  itemSeqs: number[];
  valueBasis: Money;
  totals: AssessmentTotals;
  /** duty + excise + VAT in the national currency. */
  total: string;
  guaranteeCurrency: string;
  /** `total` converted into the guarantee currency: what is charged to the guarantee. */
  amount: string;
}

export function recoveryDebt(input: RecoveryInput): Explained<RecoveryDebt> {
  const t = input.declaration;
  const basis = t.guarantee.amountToBeCovered ?? CTC_DEFAULT_GUARANTEE;
  const steps: Step[] = [];
  const allSeqs = t.consignment.items.map((i) => i.seq);
  const seqs =
    input.itemSeqs && input.itemSeqs.length ? input.itemSeqs.filter((s) => allSeqs.includes(s)) : allSeqs;
  if (seqs.length === 0)
    throw new AssessmentError('invalid_input', 'no goods item of the movement is concerned by the recovery');
  const shares = apportion(
    round(dec(basis.amount)),
    t.consignment.items.map((i) => dec(i.grossMassKg)),
  );
  steps.push({
    scope: 'header',
    rule: 'recovery-basis',
    text: `value basis ${basis.amount} ${basis.currency} (${t.guarantee.amountToBeCovered ? 'amount to be covered' : 'CTC default guarantee'}) apportioned by gross mass: ${t.consignment.items.map((i, k) => `item ${i.seq} ${fmt(shares[k])}`).join(', ')}`,
  });
  const items = t.consignment.items
    .map((it, k) => ({ it, value: shares[k] }))
    .filter(({ it }) => seqs.includes(it.seq))
    .map(({ it, value }, k) => {
      const hsCode = it.hsCode.length === 4 ? `${it.hsCode}00` : it.hsCode;
      const line = input.book.tariffLine(input.country, hsCode, input.date)?.line;
      const duty = line?.duty as { per?: string; unit?: string } | undefined;
      const unit = duty?.per === 'unit' && duty.unit ? duty.unit : 'PCE';
      return {
        seq: k + 1,
        hsCode,
        description: it.description,
        originCountry: t.officeOfDeparture.slice(0, 2),
        quantity: String(it.packages.count),
        unit,
        netMassKg: it.grossMassKg,
        grossMassKg: it.grossMassKg,
        invoiceAmount: fmt(value),
      };
    });
  const invoiceAmount = fmt(sum(items.map((i) => dec(i.invoiceAmount))));
  const decl: Declaration = {
    lrn: 'TRANSIT-RECOVERY',
    type: 'IM',
    additionalType: 'A',
    procedureCode: '4000',
    declarant: t.holder,
    importer: t.holder,
    officeOfDeclaration: t.officeOfDestination,
    countryOfDispatch: t.officeOfDeparture.slice(0, 2),
    countryOfDestination: input.country,
    transport: { mode: t.transport.mode, containers: [] },
    incoterm: 'CIF',
    invoice: { number: 'TRANSIT-RECOVERY', currency: basis.currency, amount: invoiceAmount },
    valuation: { method: '1', relatedParties: false, currency: basis.currency },
    items,
    documents: [],
  };
  const nationalCurrency = NATIONAL_CURRENCY[input.country];
  if (!nationalCurrency)
    throw new AssessmentError('invalid_input', `no national currency known for ${input.country}`);
  const assessed = assessDeclaration(decl, {
    acceptanceDate: input.date,
    book: input.book,
    country: input.country,
    nationalCurrency,
  });
  steps.push(...assessed.steps);
  const total = dec(assessed.value.totals.total);
  const rate = input.book.exchangeRate(input.guaranteeCurrency, nationalCurrency, input.date);
  if (!rate)
    throw new AssessmentError(
      'no_exchange_rate',
      `no ${input.guaranteeCurrency}->${nationalCurrency} exchange rate valid on ${input.date}`,
    );
  const amount = round(total.dividedBy(dec(rate.rate)));
  steps.push({
    scope: 'header',
    rule: 'recovery-amount',
    text: `debt ${fmt(total)} ${nationalCurrency} / ${rate.rate} ${nationalCurrency} per ${input.guaranteeCurrency} = ${fmt(amount)} ${input.guaranteeCurrency}`,
    result: fmt(amount),
  });
  return {
    value: {
      country: input.country,
      date: input.date,
      nationalCurrency,
      itemSeqs: seqs,
      valueBasis: basis,
      totals: assessed.value.totals,
      total: fmt(total),
      guaranteeCurrency: input.guaranteeCurrency,
      amount: fmt(amount),
    },
    steps,
  };
}
