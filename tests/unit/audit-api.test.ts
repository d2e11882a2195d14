import type { AuditView } from '../../contracts/audit';
import { outcomeFromProjection } from '../../activities/compliance/closed';
import { loadAuditPolicy } from '../../activities/selection/policy';
import { sourceOf } from '../../activities/selection';
import { auditViewFor } from '../../apps/api/audits/audience';
import { findingIssues } from '../../apps/api/audits/findings';
import { auditFigures } from '../../apps/api/statistics/audit-figures';
import { OpenAuditSchema, RecordFindingsSchema } from '../../domain/schemas/audit';
import { formatZodIssues } from '../../domain/validation';

const MRN = '22ITZXBZYUTJFLJXK6';

function auditView(over: Partial<AuditView> = {}): AuditView {
  return {
    caseId: 'audit/KZ-A0000000000000001',
    kind: 'audit',
    auditId: 'KZ-A0000000000000001',
    auditKind: 'DOCUMENT_REQUEST',
    source: 'HIT_AFTER_RELEASE',
    state: 'UNDER_REVIEW',
    country: 'KZ',
    office: 'KZALA001',
    owner: 'trader-system',
    declarant: 'KZ990140000123',
    currency: 'KZT',
    auditor: 'auditor-1',
    requestedBy: 'system',
    reason: 'intelligence ALERT-7: smuggling ring',
    declarations: [MRN],
    documentRequests: [],
    stuck: true,
    stuckSince: '2026-12-01T00:00:00Z',
    escalations: 2,
    assignedTo: 'auditor-2',
    timeline: [
      {
        seq: 1,
        at: '2026-12-01T00:00:00Z',
        type: 'state',
        state: 'OPENED',
        actor: 'system',
        reason: 'ALERT-7',
      },
      { seq: 2, at: '2026-12-01T00:00:01Z', type: 'escalated', actor: 'supervisor-1', reason: 'slow trader' },
      { seq: 3, at: '2026-12-01T00:00:02Z', type: 'state', state: 'UNDER_REVIEW', actor: 'trader-system' },
    ],
    ...over,
  };
}

test("the trader's view of an audit says nothing of its selection or of customs' handling", () => {
  const v = auditView();
  expect(auditViewFor(false, v)).toBe(v);
  const trader = auditViewFor(true, v);
  for (const k of ['source', 'reason', 'requestedBy', 'stuck', 'stuckSince', 'escalations', 'assignedTo'])
    expect(trader).not.toHaveProperty(k);
  const text = JSON.stringify(trader);
  expect(text).not.toContain('ALERT-7');
  expect(text).not.toContain('slow trader');
  expect(trader.timeline.map((e) => e.seq)).toEqual([1, 3]);
});

test('an open request names declarations, or a trader and a period; each bad field is named', () => {
  const issues = (body: unknown) => {
    const r = OpenAuditSchema.safeParse(body);
    return r.success ? [] : formatZodIssues(r.error).map((i) => i.path);
  };
  expect(issues({ declarations: [MRN], reason: 'x' })).toEqual([]);
  expect(
    issues({
      trader: { tin: 'KZ990140000123' },
      period: { from: '2026-01-01', to: '2026-06-30' },
      reason: 'x',
    }),
  ).toEqual([]);
  expect(issues({ reason: 'x' })).toEqual(['declarations']);
  expect(issues({ declarations: [MRN, MRN], reason: 'x' })).toEqual(['declarations']);
  expect(issues({ trader: { tin: 'KZ990140000123' }, reason: 'x' })).toEqual(['period']);
  expect(issues({ trader: { tin: 'KZ1' }, period: { from: '2026-02-01', to: '2026-01-01' } })).toEqual(
    expect.arrayContaining(['trader.tin', 'reason']),
  );
});

test('a finding never carries a negative value or a zero quantity', () => {
  const parsed = RecordFindingsSchema.safeParse({
    findings: [
      { mrn: MRN, itemSeq: 1, violation: 'UNDERVALUATION', customsValue: '-1' },
      { mrn: MRN, itemSeq: 2, violation: 'QUANTITY', quantity: '0' },
    ],
  });
  expect(parsed.success).toBe(false);
  expect(formatZodIssues(parsed.error!).map((i) => i.path)).toEqual([
    'findings[0].customsValue',
    'findings[1].quantity',
  ]);
});

test('findings must name a declaration of the audit and one of its items', async () => {
  const declaration = async (mrn: string) =>
    mrn === MRN ? ({ declaration: { items: [{ seq: 1 }, { seq: 2 }] } } as never) : undefined;
  const issues = await findingIssues(
    { declarations: [MRN] },
    [
      { mrn: MRN, itemSeq: 2 },
      { mrn: MRN, itemSeq: 3 },
      { mrn: '26KZ00000000000017', itemSeq: 1 },
    ],
    declaration,
  );
  expect(issues.map((i) => i.path)).toEqual(['findings[1].itemSeq', 'findings[2].mrn']);
});

test('audit settings per administration override the defaults field by field', () => {
  const policy = loadAuditPolicy({
    CLEARWAY_AUDIT_CONFIG: JSON.stringify({
      default: { appealWindow: '10d' },
      countries: { KG: { limitationPeriod: '730d', samplingRate: '0.05' } },
    }),
  });
  expect(policy.settings('KZ', 'KZALA001').appealWindowMs).toBe(10 * 86_400_000);
  expect(policy.limitationMs('KZ')).toBe(1095 * 86_400_000);
  expect(policy.limitationMs('KG')).toBe(730 * 86_400_000);
  expect([policy.sampleRate('KZ'), policy.sampleRate('KG')]).toEqual([0.01, 0.05]);
  expect(() => loadAuditPolicy({ CLEARWAY_AUDIT_CONFIG: '{"default":{"appealWindow":"soon"}}' })).toThrow(
    /duration/,
  );
});

test("each automatic request's source is named by its message id", () => {
  expect(sourceOf(`declaration/${MRN}/audit/blue`)).toBe('BLUE');
  expect(sourceOf(`declaration/${MRN}/audit/sample`)).toBe('SAMPLE');
  expect(sourceOf(`declaration/${MRN}/audit/ALERT-7`)).toBe('HIT_AFTER_RELEASE');
});

test("a closed audit's read-model row becomes its compliance record: a positive difference is duty owed", () => {
  const base = {
    case_id: 'audit/KZ-A1',
    country: 'KZ',
    declarant: 'KZ990140000123',
    created_at: new Date('2026-12-01T00:00:00Z'),
  };
  const view = {
    auditId: 'KZ-A1',
    source: 'BLUE' as const,
    auditKind: 'DESK_REVIEW' as const,
    auditor: 'a',
    declarations: [MRN],
    releasedAt: '2026-11-01T00:00:00Z',
    currency: 'KZT',
    findings: 1,
    difference: '-120.50',
    interest: '0.00',
    penalties: '0.00',
    finalAt: '2026-12-01T10:00:00Z',
    closedAt: '2026-12-02T10:00:00Z',
    documentsLate: 1,
  };
  const refund = outcomeFromProjection({ ...base, view });
  expect(refund).toMatchObject({
    additionalDuty: '0.00',
    refund: '120.50',
    documentsLate: 1,
    source: 'BLUE',
  });
  expect(refund.declarations).toEqual([{ mrn: MRN, releasedAt: '2026-11-01T00:00:00Z' }]);
  expect(outcomeFromProjection({ ...base, view: { ...view, difference: '300.10' } })).toMatchObject({
    additionalDuty: '300.10',
    refund: '0.00',
  });
});

test('audit figures: yield per currency, hit rate per source, release to final assessment in days', () => {
  const day = 86_400_000;
  const t0 = new Date('2026-01-01T00:00:00Z');
  const closed = (source: string, adverse: boolean, duty: string, days: number) => ({
    source,
    adverse,
    currency: 'KZT',
    additionalDuty: duty,
    interest: '1.00',
    penalty: '0',
    releasedAt: t0,
    finalAssessedAt: new Date(t0.getTime() + days * day),
  });
  const f = auditFigures(
    [{ source: 'BLUE' }, { source: 'BLUE' }, { source: 'SAMPLE' }],
    [closed('BLUE', true, '100.10', 10), closed('BLUE', false, '0', 20), closed('SAMPLE', true, '0.01', 30)],
  );
  expect(f.opened).toBe(3);
  expect(f.openedBySource).toEqual({ BLUE: 2, SAMPLE: 1 });
  expect(f.yield).toEqual([
    {
      currency: 'KZT',
      closed: 3,
      additionalDuty: '100.11',
      interest: '3.00',
      penalty: '0.00',
      perAudit: '33.37',
    },
  ]);
  expect(f.hitRateBySource.BLUE).toEqual({ closed: 2, adverse: 1, hitRate: 0.5 });
  expect(f.releaseToFinalAssessment).toEqual({ count: 3, medianDays: 20, p90Days: 28 });
});
