import { NATIONAL_CURRENCY } from './codes';
import { applyRate, grantedPreference, pct, rateText } from './duty-rates';
import { AssessmentError, type Explained, type Step } from './explain';
import { dec, Dec, fmt, round, sum, ZERO } from './money';
import type { Declaration } from './schemas/declaration';
import type { TariffBook } from './tariff';
import { computeCustomsValue, Converter, type CustomsValuation } from './valuation';

/**
 * Duties and taxes of a declaration, per item and in total, with every step explained.
 *
 * Per item, in order:
 * 1. tariff line: the importing country's line with the longest HS prefix matching the code, valid on
 *    the acceptance date;
 * 2. MFN duty: ad valorem (customs value x %), specific (net mass in kg, or quantity in the line's
 *    unit, x amount, converted at the day's rate) or mixed (both, the greater or the lesser);
 * 3. preference: among the preferences of the importing country covering the item's (preferential)
 *    origin and HS code, whose proof-of-origin document is on the declaration, the lowest duty
 *    factor wins; duty = MFN duty x factor;
 * 4. excise where a line is listed: ad valorem on customs value + duty, or specific;
 * 5. VAT = (customs value + duty + excise) x VAT rate of the country (reduced rate by HS prefix if listed).
 * Rounding rule: each tax of each item is computed exactly and rounded once, half-up, to the minor
 * unit of the national currency (tiyn, tyiyn, tiyin, diram, fen); the VAT base uses the rounded duty
 * and excise; totals are sums of the rounded item amounts, so totals always equal the sum of items.
 */

export interface DutyLine {
  /** Text of the rate as applied, e.g. "5%", "EUR 0.40/kg", "10% but not less than EUR 2.00/kg". */
  rate: string;
  amount: string;
}

export interface ItemAssessment {
  seq: number;
  hsCode: string;
  originCountry: string;
  customsValue: string;
  tariffLine: { id: string; hsPrefix: string; description: string };
  mfnDuty: DutyLine;
  preference?: { id: string; name: string; dutyFactor: string };
  duty: string;
  excise: (DutyLine & { id: string }) | null;
  vat: { percent: string; base: string; amount: string };
  /** duty + excise + VAT */
  total: string;
}

export interface AssessmentTotals {
  customsValue: string;
  duty: string;
  excise: string;
  vat: string;
  /** duty + excise + VAT: what is payable (or to be secured). */
  total: string;
}

export interface Assessment {
  /** Importing (IM) or exporting (EX) country whose tariff applies. */
  country: string;
  currency: string;
  acceptanceDate: string;
  valuation: CustomsValuation;
  items: ItemAssessment[];
  totals: AssessmentTotals;
}

export interface AssessmentContext {
  /** YYYY-MM-DD: the date the declaration was accepted (rates and tariff lines valid that day). */
  acceptanceDate: string;
  book: TariffBook;
  /** Defaults to the country of the office of declaration. */
  country?: string;
  /** Defaults to the national currency of `country`. */
  nationalCurrency?: string;
}

/** Duties and taxes on an already computed customs valuation. */
export function computeDutiesAndTaxes(
  decl: Declaration,
  valuation: CustomsValuation,
  ctx: AssessmentContext & { country: string },
): Explained<Assessment> {
  const steps: Step[] = [];
  const { book, country, acceptanceDate: date } = ctx;
  const cur = valuation.currency;
  const conv = new Converter({ acceptanceDate: date, nationalCurrency: cur, rates: book }, steps);
  const scale = conv.scale;
  const r2 = (x: Dec) => round(x, scale);
  const f = (x: Dec) => fmt(x, scale);

  const items: ItemAssessment[] = decl.items.map((item, i) => {
    const scope = `item ${item.seq}`;
    const path = `items[${i}]`;
    const cv = dec(valuation.items[i].customsValue);
    const cvLabel = `customs value ${f(cv)}`;

    const lineHit = book.tariffLine(country, item.hsCode, date);
    if (!lineHit)
      throw new AssessmentError(
        'no_tariff_line',
        `no ${country} tariff line for HS ${item.hsCode} valid on ${date}`,
        `${path}.hsCode`,
      );
    const line = lineHit.line;
    steps.push({
      scope,
      rule: 'tariff-line',
      text: `HS ${item.hsCode}: ${country} tariff line ${line.id} (prefix ${line.hsPrefix}, longest match, valid from ${line.validFrom}${line.validTo ? ` to ${line.validTo}` : ''}): ${rateText(line.duty)}`,
    });

    let mfnExact: Dec;
    if (decl.type === 'EX') {
      mfnExact = ZERO;
      steps.push({
        scope,
        rule: 'duty',
        text: 'export: no export duty is charged in this tariff',
        result: f(ZERO),
      });
    } else {
      const a = applyRate(line.duty, cv, cvLabel, item, conv, cur, path);
      mfnExact = a.amount;
      steps.push({
        scope,
        rule: `duty-${line.duty.kind.replace('_', '-')}`,
        text: `MFN duty: ${a.text} -> ${f(r2(mfnExact))} ${cur}`,
        result: f(r2(mfnExact)),
      });
    }

    let dutyExact = mfnExact;
    const pref = decl.type === 'IM' ? grantedPreference(book, decl, item, country, date, steps) : undefined;
    if (pref) {
      dutyExact = mfnExact.times(dec(pref.dutyFactor));
      steps.push({
        scope,
        rule: 'preference',
        text: `preference ${pref.id} (${pref.name}) for origin ${item.preferentialOriginCountry ?? item.originCountry}: duty = MFN ${mfnExact.toString()} x ${pref.dutyFactor} = ${f(r2(dutyExact))} ${cur}`,
        result: f(r2(dutyExact)),
      });
    }
    const duty = r2(dutyExact);

    let excise: ItemAssessment['excise'] = null;
    let exciseAmt = ZERO;
    const ex = book.exciseRate(country, item.hsCode, date);
    if (ex && decl.type === 'IM') {
      const base = cv.plus(duty);
      const a = applyRate(ex.rate, base, `(customs value ${f(cv)} + duty ${f(duty)})`, item, conv, cur, path);
      exciseAmt = r2(a.amount);
      excise = { id: ex.id, rate: rateText(ex.rate), amount: f(exciseAmt) };
      steps.push({
        scope,
        rule: 'excise',
        text: `excise ${ex.id} (${ex.description}): ${a.text} -> ${f(exciseAmt)} ${cur}`,
        result: f(exciseAmt),
      });
    }

    let vatPct = '0';
    let vatBase = cv.plus(duty).plus(exciseAmt);
    let vatAmt = ZERO;
    if (decl.type === 'IM') {
      const vr = book.vatRate(country, item.hsCode, date);
      if (!vr)
        throw new AssessmentError('no_vat_rate', `no ${country} VAT rate valid on ${date}`, `${path}.hsCode`);
      vatPct = vr.percent;
      vatAmt = r2(vatBase.times(pct(vr.percent)));
      steps.push({
        scope,
        rule: 'vat',
        text: `VAT ${vr.percent}%${vr.hsPrefix ? ` (rate for HS ${vr.hsPrefix})` : ''} on (customs value ${f(cv)} + duty ${f(duty)} + excise ${f(exciseAmt)}) = ${f(vatBase)} x ${vr.percent}% = ${vatBase.times(pct(vr.percent)).toString()} -> ${f(vatAmt)} ${cur}`,
        result: f(vatAmt),
      });
    } else {
      vatBase = ZERO;
      steps.push({ scope, rule: 'vat', text: 'export: VAT zero-rated', result: f(ZERO) });
    }
    const total = duty.plus(exciseAmt).plus(vatAmt);
    steps.push({
      scope,
      rule: 'item-total',
      text: `item payable: duty ${f(duty)} + excise ${f(exciseAmt)} + VAT ${f(vatAmt)} = ${f(total)} ${cur}`,
      result: f(total),
    });

    return {
      seq: item.seq,
      hsCode: item.hsCode,
      originCountry: item.originCountry,
      customsValue: f(cv),
      tariffLine: { id: line.id, hsPrefix: line.hsPrefix, description: line.description },
      mfnDuty: { rate: decl.type === 'EX' ? 'none (export)' : rateText(line.duty), amount: f(r2(mfnExact)) },
      ...(pref ? { preference: { id: pref.id, name: pref.name, dutyFactor: pref.dutyFactor } } : {}),
      duty: f(duty),
      excise,
      vat: { percent: vatPct, base: f(vatBase), amount: f(vatAmt) },
      total: f(total),
    };
  });

  const tot = (pick: (it: ItemAssessment) => string) => sum(items.map((it) => dec(pick(it))));
  const totals: AssessmentTotals = {
    customsValue: f(tot((it) => it.customsValue)),
    duty: f(tot((it) => it.duty)),
    excise: f(tot((it) => it.excise?.amount ?? '0')),
    vat: f(tot((it) => it.vat.amount)),
    total: f(tot((it) => it.total)),
  };
  steps.push({
    scope: 'header',
    rule: 'totals',
    text: `totals (sums of items): customs value ${totals.customsValue}, duty ${totals.duty}, excise ${totals.excise}, VAT ${totals.vat}; payable ${totals.total} ${cur}`,
    result: totals.total,
  });
  return { value: { country, currency: cur, acceptanceDate: date, valuation, items, totals }, steps };
}

/** Customs value, then duties and taxes: the whole assessment of a (validated) declaration. */
export function assessDeclaration(decl: Declaration, ctx: AssessmentContext): Explained<Assessment> {
  const country = ctx.country ?? decl.officeOfDeclaration.slice(0, 2);
  const nationalCurrency = ctx.nationalCurrency ?? NATIONAL_CURRENCY[country];
  if (!nationalCurrency)
    throw new AssessmentError('invalid_input', `no national currency known for ${country}`);
  const valuation = computeCustomsValue(decl, {
    acceptanceDate: ctx.acceptanceDate,
    nationalCurrency,
    rates: ctx.book,
  });
  const duties = computeDutiesAndTaxes(decl, valuation.value, { ...ctx, country, nationalCurrency });
  return { value: duties.value, steps: [...valuation.steps, ...duties.steps] };
}
