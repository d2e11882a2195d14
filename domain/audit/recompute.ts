import type {
  AuditedDeclaration,
  AuditedItem,
  AuditRecomputation,
  AuditRecomputationRequest,
  DutyAmounts,
  ItemFinding,
  ItemRecomputation,
} from '../../contracts/audit-assessment';
import { currencyDigits } from '../codes';
import { computeDutiesAndTaxes } from '../duties';
import { AssessmentError, type Step } from '../explain';
import { dec, fmt } from '../money';
import type { Declaration } from '../schemas/declaration';
import type { TariffBook } from '../tariff';
import type { CustomsValuation } from '../valuation';

/**
 * The duty engine over an audit's findings (run by an activity: workflows never import the engine).
 * Each item found is assessed again as it should have been: the corrected customs value (already in
 * the national currency, so no valuation step), HS code, origin, preference and quantity, with the
 * tariff lines, preferences and rates valid on the declaration's original acceptance date, every
 * step explained (domain/duties.ts). The difference is against what was assessed at release.
 *
 * A withdrawn preference is recomputed without the declaration's documents, so no proof of origin
 * grants one; otherwise the documents on the declaration decide, as they did at release.
 */

const scaled = (a: DutyAmounts, scale: number): DutyAmounts => ({
  duty: fmt(dec(a.duty), scale),
  excise: fmt(dec(a.excise), scale),
  vat: fmt(dec(a.vat), scale),
  total: fmt(dec(a.total), scale),
});

const minus = (a: DutyAmounts, b: DutyAmounts, scale: number): DutyAmounts => ({
  duty: fmt(dec(a.duty).minus(dec(b.duty)), scale),
  excise: fmt(dec(a.excise).minus(dec(b.excise)), scale),
  vat: fmt(dec(a.vat).minus(dec(b.vat)), scale),
  total: fmt(dec(a.total).minus(dec(b.total)), scale),
});

function corrected(item: AuditedItem, f: ItemFinding): AuditedItem {
  return {
    ...item,
    ...(f.customsValue !== undefined ? { customsValue: f.customsValue } : {}),
    ...(f.hsCode !== undefined ? { hsCode: f.hsCode } : {}),
    ...(f.originCountry !== undefined ? { originCountry: f.originCountry } : {}),
    ...(f.preferentialOriginCountry !== undefined
      ? { preferentialOriginCountry: f.preferentialOriginCountry }
      : {}),
    ...(f.quantity !== undefined ? { quantity: f.quantity } : {}),
    ...(f.netMassKg !== undefined ? { netMassKg: f.netMassKg } : {}),
  };
}

/** A one-item declaration and its valuation, as the engine takes them. */
function engineInput(
  d: AuditedDeclaration,
  item: AuditedItem,
  country: string,
  withdrawn: boolean,
): { decl: Declaration; valuation: CustomsValuation } {
  // The engine reads neither parties nor transport: these only make the declaration whole.
  const party = { name: 'audited trader', country };
  const decl: Declaration = {
    lrn: `AUDIT-${d.mrn}`,
    type: d.type,
    additionalType: 'A',
    procedureCode: '4000',
    declarant: party,
    ...(d.type === 'IM' ? { importer: party } : { exporter: party }),
    officeOfDeclaration: `${country}000000`,
    countryOfDispatch: item.originCountry,
    countryOfDestination: country,
    transport: { mode: 'ROAD', containers: [] },
    incoterm: 'CIF',
    invoice: { number: d.mrn, currency: d.currency, amount: item.customsValue },
    valuation: { method: '1', relatedParties: false, currency: d.currency },
    items: [
      {
        seq: item.seq,
        hsCode: item.hsCode,
        description: item.description ?? `item ${item.seq}`,
        originCountry: item.originCountry,
        ...(item.preferentialOriginCountry
          ? { preferentialOriginCountry: item.preferentialOriginCountry }
          : {}),
        quantity: item.quantity,
        unit: item.unit,
        netMassKg: item.netMassKg,
        grossMassKg: item.netMassKg,
        invoiceAmount: item.customsValue,
      },
    ],
    documents: withdrawn ? [] : d.documents.map((code) => ({ code, reference: 'on file' })),
  };
  const valuation: CustomsValuation = {
    method: '1',
    currency: d.currency,
    acceptanceDate: d.acceptanceDate,
    incoterm: 'CIF',
    rates: [],
    additions: {},
    items: [{ seq: item.seq, price: item.customsValue, additions: {}, customsValue: item.customsValue }],
    total: item.customsValue,
  };
  return { decl, valuation };
}

/** The engine's refusal, restated for the finding it concerns (`findings[k].hsCode`...). */
function assessed<T>(k: number, f: ItemFinding, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (!(err instanceof AssessmentError)) throw err;
    const field = err.path?.split('.').pop();
    throw new AssessmentError(
      err.code,
      `${f.mrn} item ${f.itemSeq}: ${err.message}`,
      `findings[${k}]${field ? `.${field}` : ''}`,
    );
  }
}

export function recomputeAudit(book: TariffBook, req: AuditRecomputationRequest): AuditRecomputation {
  const scale = currencyDigits(req.currency);
  const items: ItemRecomputation[] = req.findings.map((f, k) => {
    const d = req.declarations.find((x) => x.mrn === f.mrn);
    if (!d)
      throw new AssessmentError('invalid_input', `${f.mrn} is not under this audit`, `findings[${k}].mrn`);
    const item = d.items.find((i) => i.seq === f.itemSeq);
    if (!item)
      throw new AssessmentError(
        'invalid_input',
        `${f.mrn} has no item ${f.itemSeq}`,
        `findings[${k}].itemSeq`,
      );
    if (d.currency !== req.currency)
      throw new AssessmentError(
        'invalid_input',
        `${f.mrn} was assessed in ${d.currency}, not ${req.currency}`,
      );
    const fixed = corrected(item, f);
    const { decl, valuation } = engineInput(d, fixed, req.country, f.preferenceWithdrawn === true);
    const { value, steps } = assessed(k, f, () =>
      computeDutiesAndTaxes(decl, valuation, {
        acceptanceDate: d.acceptanceDate,
        book,
        country: req.country,
        nationalCurrency: d.currency,
      }),
    );
    const a = value.items[0];
    const now: DutyAmounts = {
      duty: a.duty,
      excise: a.excise?.amount ?? fmt(dec('0'), scale),
      vat: a.vat.amount,
      total: a.total,
    };
    const explanation: Step[] = [
      {
        scope: `item ${item.seq}`,
        rule: 'audit-finding',
        text: `${f.mrn} item ${item.seq} (${f.violation}): recomputed on ${d.acceptanceDate} with customs value ${fixed.customsValue}, HS ${fixed.hsCode}, origin ${fixed.preferentialOriginCountry ?? fixed.originCountry}${f.preferenceWithdrawn ? ', preference withdrawn' : ''}, quantity ${fixed.quantity} ${fixed.unit}`,
      },
      ...steps.filter((s) => s.rule !== 'totals'),
      {
        scope: `item ${item.seq}`,
        rule: 'audit-difference',
        text: `due ${now.total} - assessed at release ${item.assessed.total} = ${minus(now, item.assessed, scale).total} ${d.currency}`,
        result: minus(now, item.assessed, scale).total,
      },
    ];
    return {
      mrn: f.mrn,
      itemSeq: f.itemSeq,
      customsValue: fixed.customsValue,
      hsCode: fixed.hsCode,
      original: scaled(item.assessed, scale),
      corrected: now,
      difference: minus(now, item.assessed, scale),
      explanation,
    };
  });
  return { currency: req.currency, scale, items };
}
