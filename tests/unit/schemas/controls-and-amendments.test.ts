import {
  AmendmentSchema,
  applyAmendment,
  ControlResultSchema,
  DeclarationSchema,
} from '../../../domain/schemas';
import { formatZodIssues } from '../../../domain/validation';
import { example } from '../support/fixtures';
import { issuesOf } from './support';

describe('control results and amendments', () => {
  const control = {
    office: 'KZKHO001',
    officerId: 'KZ-OFF-0042',
    controlType: 'PHYSICAL',
    outcome: 'CONFORM',
    completedAt: '2026-11-27T10:15:00Z',
  };

  test('a conform control result needs no findings', () => {
    expect(ControlResultSchema.parse(control)).toMatchObject({ outcome: 'CONFORM', findings: [] });
  });

  test('a non-conform control result must state at least one finding', () => {
    expect(issuesOf(ControlResultSchema, { ...control, outcome: 'NON_CONFORM' })).toEqual([
      expect.objectContaining({ path: 'findings', code: 'required' }),
    ]);
    expect(
      issuesOf(ControlResultSchema, {
        ...control,
        outcome: 'NON_CONFORM',
        findings: [{ itemSeq: 2, field: 'items[1].hsCode', declared: '8504403000', found: '8504409000' }],
      }),
    ).toEqual([]);
  });

  test('an amendment replaces the sections it carries and the result is validated again', () => {
    const decl = DeclarationSchema.parse(example('declaration-import'));
    const amendment = AmendmentSchema.parse({
      reason: 'freight invoice corrected',
      changes: { valuation: { ...decl.valuation, freight: '1300.00' } },
    });
    const r = applyAmendment(decl, amendment);
    expect(r.success && r.data.valuation.freight).toBe('1300.00');
    expect(r.success && r.data.lrn).toBe(decl.lrn);
  });

  test('an amendment cannot change the LRN and must change something', () => {
    const p = AmendmentSchema.safeParse({ reason: 'x', changes: {} });
    expect(p.success ? [] : formatZodIssues(p.error)).toEqual([
      expect.objectContaining({ path: 'changes', code: 'required' }),
    ]);
    const q = AmendmentSchema.parse({ reason: 'x', changes: { lrn: 'OTHER', incoterm: 'CIF' } });
    expect('lrn' in q.changes).toBe(false);
  });

  test('an amendment that breaks the declaration is refused with field paths', () => {
    const decl = DeclarationSchema.parse(example('declaration-import'));
    const amendment = AmendmentSchema.parse({ reason: 'drop items', changes: { incoterm: 'CIF' } });
    expect(applyAmendment(decl, amendment).success).toBe(true);
    const bad = applyAmendment(decl, { reason: 'bad', changes: { items: [] } } as never);
    expect(bad.success ? [] : formatZodIssues(bad.error)).toEqual([
      expect.objectContaining({ path: 'items', code: 'required' }),
    ]);
  });
});
