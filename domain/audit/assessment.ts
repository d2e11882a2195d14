import type {
  AuditAssessment,
  AuditRecomputation,
  AuditViolation,
  DutyAmounts,
  InterestLine,
  ItemFinding,
  PenaltyLine,
  PenaltyRule,
} from '../../contracts/audit-assessment';
import type { AuditInput } from '../../contracts/audit';
import { dec, Dec, fmt, round, sum, ZERO } from '../money';

/**
 * The money of an audit from the recomputation of its findings (domain/audit/recompute.ts, run by an
 * activity): per item the difference between what is due on the corrected facts and what was
 * assessed at release; late-payment interest on each declaration's additional amount; penalties by
 * violation type from the administration's settings; and the total due (negative: a refund).
 *
 * Interest runs from the day after release (the goods were released without the amount) to the day
 * of the final assessment, whole UTC days, at `interestPercentPerDay` on the declaration's net
 * additional amount (duty + excise + VAT); a declaration whose net difference is a refund carries
 * none. Penalties per item found in violation: `percentOfDifference` of the item's additional
 * amount (none on a refund) plus `fixed`. Each interest and penalty line is rounded once, half-up,
 * to the currency's minor unit; totals are sums of rounded lines.
 */

const DAY_MS = 86_400_000;
const utcDay = (iso: string): number => Math.floor(Date.parse(iso) / DAY_MS);

/** Whole days of interest from the release date to the assessment date (0 when the same day). */
export const interestDays = (releasedAt: string, to: string): number =>
  Math.max(0, utcDay(to) - utcDay(releasedAt));

const addAmounts = (xs: DutyAmounts[], scale: number): DutyAmounts => {
  const f = (pick: (d: DutyAmounts) => string) => fmt(sum(xs.map((d) => dec(pick(d)))), scale);
  return {
    duty: f((d) => d.duty),
    excise: f((d) => d.excise),
    vat: f((d) => d.vat),
    total: f((d) => d.total),
  };
};

function penaltyOf(rule: PenaltyRule, difference: Dec, scale: number): { amount: Dec; text: string } {
  const parts: string[] = [];
  let amount = ZERO;
  if (rule.percentOfDifference) {
    const base = Dec.max(difference, ZERO);
    const p = round(base.times(dec(rule.percentOfDifference)).dividedBy(100), scale);
    amount = amount.plus(p);
    parts.push(`${rule.percentOfDifference}% of ${fmt(base, scale)} = ${fmt(p, scale)}`);
  }
  if (rule.fixed) {
    amount = amount.plus(dec(rule.fixed));
    parts.push(`fixed ${rule.fixed}`);
  }
  return { amount, text: parts.join(' + ') };
}

/**
 * The assessment of `findings` as recomputed, with interest to `interestTo` (the final assessment, or
 * the day the draft is computed, where it is indicative).
 */
export function assessmentOf(
  input: Pick<AuditInput, 'declarations' | 'settings'>,
  r: AuditRecomputation,
  findings: ItemFinding[],
  interestTo: string,
  at: string,
): AuditAssessment {
  const scale = r.scale;
  const violationOf = (mrn: string, seq: number): AuditViolation =>
    findings.find((f) => f.mrn === mrn && f.itemSeq === seq)?.violation ?? 'OTHER';
  const items = r.items.map((i) => ({ ...i, violation: violationOf(i.mrn, i.itemSeq) }));
  const explanation: string[] = [];

  const interest: InterestLine[] = [];
  for (const d of input.declarations) {
    const own = items.filter((i) => i.mrn === d.mrn);
    if (own.length === 0) continue;
    const net = sum(own.map((i) => dec(i.difference.total)));
    const days = interestDays(d.releasedAt, interestTo);
    const base = Dec.max(net, ZERO);
    const amount = round(
      base.times(dec(input.settings.interestPercentPerDay)).dividedBy(100).times(days),
      scale,
    );
    const line: InterestLine = {
      mrn: d.mrn,
      base: fmt(base, scale),
      from: d.releasedAt.slice(0, 10),
      to: interestTo.slice(0, 10),
      days,
      amount: fmt(amount, scale),
    };
    interest.push(line);
    explanation.push(
      net.isNegative()
        ? `${d.mrn}: net difference ${fmt(net, scale)} ${r.currency} is a refund: no interest`
        : `${d.mrn}: interest ${line.base} x ${input.settings.interestPercentPerDay}% x ${days} days (${line.from} to ${line.to}) = ${line.amount} ${r.currency}`,
    );
  }

  const penalties: PenaltyLine[] = [];
  for (const i of items) {
    const rule = input.settings.penalties[i.violation];
    if (!rule) continue;
    const p = penaltyOf(rule, dec(i.difference.total), scale);
    if (p.amount.isZero()) continue;
    penalties.push({
      mrn: i.mrn,
      itemSeq: i.itemSeq,
      violation: i.violation,
      amount: fmt(p.amount, scale),
      rule: p.text,
    });
    explanation.push(`${i.mrn} item ${i.itemSeq}: penalty for ${i.violation}: ${p.text} ${r.currency}`);
  }

  const difference = addAmounts(
    items.map((i) => i.difference),
    scale,
  );
  const interestTotal = sum(interest.map((l) => dec(l.amount)));
  const penaltyTotal = sum(penalties.map((l) => dec(l.amount)));
  const due = dec(difference.total).plus(interestTotal).plus(penaltyTotal);
  explanation.push(
    `due: difference ${difference.total} + interest ${fmt(interestTotal, scale)} + penalties ${fmt(penaltyTotal, scale)} = ${fmt(due, scale)} ${r.currency}`,
  );
  return {
    currency: r.currency,
    scale,
    items,
    difference,
    interest,
    interestTotal: fmt(interestTotal, scale),
    penalties,
    penaltyTotal: fmt(penaltyTotal, scale),
    due: fmt(due, scale),
    explanation,
    computedAt: at,
  };
}
