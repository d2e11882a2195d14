import { auditSettings, limitationPeriodMs, loadAuditConfig } from '../../config/audit';
import { demoTariffBook } from '../../config/reference';
import type { AuditRecomputation } from '../../contracts';
import { assessmentOf, interestDays } from '../../domain/audit/assessment';
import { recomputeAudit } from '../../domain/audit/recompute';
import { AssessmentError } from '../../domain/explain';
import { dec } from '../../domain/money';
import { AUDIT_SETTINGS, auditedExample, DAY, MRN } from '../workflows/audit-harness';

const declarations = [auditedExample()];
const recompute = (findings: Parameters<typeof recomputeAudit>[1]['findings']) =>
  recomputeAudit(demoTariffBook(), { country: 'KZ', currency: 'KZT', declarations, findings });

describe('post-entry audit money: recomputation on the acceptance date, difference, interest, penalties', () => {
  test('a raised customs value is recomputed by the engine, explained step by step, against what was assessed at release', () => {
    const r = recompute([{ mrn: MRN, itemSeq: 1, violation: 'UNDERVALUATION', customsValue: '15000000.00' }]);
    const item = r.items[0];
    expect(item.original.total).toBe(declarations[0].items[0].assessed.total);
    // VAT 16% on the corrected value (the laptops' duty rate is 0%).
    expect(item.corrected).toEqual({ duty: '0.00', excise: '0.00', vat: '2400000.00', total: '2400000.00' });
    expect(item.difference.total).toBe(dec('2400000.00').minus(dec(item.original.total)).toFixed(2));
    expect(item.explanation.map((s) => s.rule)).toEqual([
      'audit-finding',
      'tariff-line',
      'duty-ad-valorem',
      'vat',
      'item-total',
      'audit-difference',
    ]);
  });

  test('an item left as declared recomputes to no difference; a withdrawn preference and a new HS code are recomputed', () => {
    expect(recompute([{ mrn: MRN, itemSeq: 2, violation: 'OTHER' }]).items[0].difference.total).toBe('0.00');
    const reclassified = recompute([
      { mrn: MRN, itemSeq: 2, violation: 'MISCLASSIFICATION', hsCode: '8504409000' },
    ]);
    expect(reclassified.items[0].explanation[1].text).toMatch(/KZ-850440.*7.5%/);
    expect(dec(reclassified.items[0].difference.duty).isPositive()).toBe(true);
  });

  test('missing reference data and unknown items fail as assessment errors', () => {
    // Chapter 77 is reserved in the HS: no tariff line, not even a chapter line (docs/reference-data.md).
    expect(() =>
      recompute([{ mrn: MRN, itemSeq: 1, violation: 'MISCLASSIFICATION', hsCode: '7700000000' }]),
    ).toThrow(AssessmentError);
    expect(() => recompute([{ mrn: MRN, itemSeq: 7, violation: 'QUANTITY' }])).toThrow(/has no item 7/);
  });

  test('interest per whole day from release on the net additional amount; penalties by violation; due is their sum', () => {
    const r: AuditRecomputation = {
      currency: 'KZT',
      scale: 2,
      items: [{ ...recompute([{ mrn: MRN, itemSeq: 1, violation: 'UNDERVALUATION' }]).items[0] }].map(
        (i) => ({ ...i, difference: { duty: '0.00', excise: '0.00', vat: '1000.00', total: '1000.00' } }),
      ),
    };
    expect(interestDays('2026-03-02T23:59:00Z', '2026-03-03T00:01:00Z')).toBe(1);
    const a = assessmentOf(
      { declarations, settings: AUDIT_SETTINGS },
      r,
      [{ mrn: MRN, itemSeq: 1, violation: 'UNDERVALUATION' }],
      '2026-04-01T12:00:00Z',
      '2026-04-01T12:00:00Z',
    );
    // 1000.00 x 0.03% x 30 days = 9.00; penalty 20% of 1000.00 = 200.00
    expect(a.interest).toEqual([
      { mrn: MRN, base: '1000.00', from: '2026-03-02', to: '2026-04-01', days: 30, amount: '9.00' },
    ]);
    expect(a.penalties).toEqual([
      expect.objectContaining({ itemSeq: 1, violation: 'UNDERVALUATION', amount: '200.00' }),
    ]);
    expect(a.due).toBe('1209.00');

    const refund = {
      ...r,
      items: r.items.map((i) => ({ ...i, difference: { ...i.difference, total: '-500.00' } })),
    };
    const back = assessmentOf(
      { declarations, settings: AUDIT_SETTINGS },
      refund,
      [],
      '2026-04-01T00:00:00Z',
      'x',
    );
    expect(back).toMatchObject({ interestTotal: '0.00', penaltyTotal: '0.00', due: '-500.00' });
    expect(back.explanation[0]).toMatch(/is a refund: no interest/);
  });

  test('config: per-administration overrides over the defaults, resolved into the workflow settings', () => {
    const cfg = loadAuditConfig({
      CLEARWAY_AUDIT_CONFIG: JSON.stringify({
        countries: { KG: { appealWindow: '45d', interestPercentPerDay: '0.05' } },
      }),
    });
    expect(auditSettings(cfg, 'KG')).toMatchObject({
      appealWindowMs: 45 * DAY,
      interestPercentPerDay: '0.05',
    });
    expect(auditSettings(cfg, 'KZ')).toMatchObject({
      appealWindowMs: 30 * DAY,
      documentDeadlineMs: 30 * DAY,
    });
    expect(limitationPeriodMs(cfg, 'KZ')).toBe(1095 * DAY);
    expect(() => loadAuditConfig({ CLEARWAY_AUDIT_CONFIG: '{"default":{"samplingRate":"2"}}' })).toThrow(
      /between 0 and 1/,
    );
  });
});
