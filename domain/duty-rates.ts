import { AssessmentError, type Step } from './explain';
import { dec, type Dec } from './money';
import type { Declaration, DeclarationItem } from './schemas/declaration';
import type { Preference, Rate, TariffBook } from './tariff';
import type { Converter } from './valuation';

/** How a tariff rate applies to one item (the amount and its explanation), and which preference is granted. */

export const pct = (p: string): Dec => dec(p).dividedBy(100);

export function rateText(r: Rate): string {
  const spec = (x: { amount: string; currency: string; per: 'kg' | 'unit'; unit?: string }) =>
    `${x.currency} ${x.amount}/${x.per === 'kg' ? 'kg net' : (x.unit ?? 'unit')}`;
  switch (r.kind) {
    case 'ad_valorem':
      return `${r.percent}%`;
    case 'specific':
      return spec(r);
    case 'mixed':
      return `${r.percent}% but not ${r.rule === 'greater' ? 'less' : 'more'} than ${spec(r)}`;
  }
}

/** Quantity a specific rate applies to: net kg, or the declared quantity in the rate's unit. */
function specificBase(
  r: { per: 'kg' | 'unit'; unit?: string },
  item: DeclarationItem,
  path: string,
): { qty: Dec; label: string } {
  if (r.per === 'kg') return { qty: dec(item.netMassKg), label: `${item.netMassKg} kg net` };
  if (r.unit && r.unit !== item.unit) {
    throw new AssessmentError(
      'unit_mismatch',
      `the tariff rate is per ${r.unit} but item ${item.seq} is declared in ${item.unit}`,
      path,
    );
  }
  return { qty: dec(item.quantity), label: `${item.quantity} ${item.unit}` };
}

/** Exact (unrounded) amount of a rate on an item, with the explanation text. */
export function applyRate(
  r: Rate,
  base: Dec,
  baseLabel: string,
  item: DeclarationItem,
  conv: Converter,
  cur: string,
  path: string,
): { amount: Dec; text: string } {
  const adValorem = (percent: string) => {
    const a = base.times(pct(percent));
    return { amount: a, text: `${baseLabel} x ${percent}% = ${a.toString()}` };
  };
  const specific = (x: { amount: string; currency: string; per: 'kg' | 'unit'; unit?: string }) => {
    const { qty, label } = specificBase(x, item, path);
    const a = qty.times(dec(x.amount)).times(conv.rate(x.currency));
    const via = x.currency === cur ? '' : ` x ${conv.rate(x.currency).toString()} ${cur}/${x.currency}`;
    return { amount: a, text: `${label} x ${x.currency} ${x.amount}${via} = ${a.toString()}` };
  };
  switch (r.kind) {
    case 'ad_valorem':
      return adValorem(r.percent);
    case 'specific':
      return specific(r);
    case 'mixed': {
      const av = adValorem(r.percent);
      const sp = specific(r);
      const pickAv =
        r.rule === 'greater'
          ? av.amount.greaterThanOrEqualTo(sp.amount)
          : av.amount.lessThanOrEqualTo(sp.amount);
      const chosen = pickAv ? av : sp;
      return {
        amount: chosen.amount,
        text: `ad valorem part ${av.text}; specific part ${sp.text}; the ${r.rule} applies: ${chosen.amount.toString()}`,
      };
    }
  }
}

export function grantedPreference(
  book: TariffBook,
  decl: Declaration,
  item: DeclarationItem,
  country: string,
  date: string,
  steps: Step[],
): Preference | undefined {
  const origin = item.preferentialOriginCountry ?? item.originCountry;
  const docs = new Set(decl.documents.map((d) => d.code));
  const candidates = book.preferences(country, origin, item.hsCode, date);
  const granted: Preference[] = [];
  for (const p of candidates) {
    if (p.proofDocumentCode && !docs.has(p.proofDocumentCode)) {
      steps.push({
        scope: `item ${item.seq}`,
        rule: 'preference',
        text: `preference ${p.id} (${p.name}) covers origin ${origin} but needs proof of origin document ${p.proofDocumentCode}, not presented: not granted`,
      });
      continue;
    }
    granted.push(p);
  }
  // lowest factor wins; ties go to the one listed first in the data (customs union before FTA); sort is stable
  return granted.sort((a, b) => dec(a.dutyFactor).comparedTo(dec(b.dutyFactor)))[0];
}
