import {
  compileProfile,
  evaluate,
  evaluateReference,
  recordAuditConfirmation,
  RiskProfileSchema,
} from '../../domain/risk';
import { isAdverse } from '../../activities/compliance';
import { auditIdOf, auditSampleDraw } from '../../activities/selection';
import { demoRiskProfiles } from '../../activities/risk/profiles';
import { facts, OPTS } from './risk/helpers';

describe('post-entry audit feedback to risk', () => {
  test('an audit that found money owed is adverse; a correction or a refund alone is not', () => {
    expect(isAdverse({ additionalDuty: '12.50', penalty: '0' })).toBe(true);
    expect(isAdverse({ additionalDuty: '0.00', penalty: '100' })).toBe(true);
    expect(isAdverse({ additionalDuty: '0', penalty: '0.00' })).toBe(false);
  });

  test("a closed audit counts once per distinct rule, and confirms the rule's hit only when adverse", () => {
    const one = recordAuditConfirmation({}, ['under-valued', 'under-valued', 'excise-goods'], true);
    expect(one).toEqual({
      'under-valued': { audits: 1, confirmed: 1, hitRate: 1 },
      'excise-goods': { audits: 1, confirmed: 1, hitRate: 1 },
    });
    const two = recordAuditConfirmation(one, ['under-valued'], false);
    expect(two['under-valued']).toEqual({ audits: 2, confirmed: 1, hitRate: 0.5 });
    expect(one['under-valued'].audits).toBe(1); // pure: the input is left untouched
  });

  test("the demo profiles mark a declarant's next declaration after an adverse audit, and only then", () => {
    for (const profile of demoRiskProfiles()) {
      const compiled = compileProfile(profile);
      const reference = RiskProfileSchema.parse(profile);
      const ruled = (n: number | undefined) => {
        const f = facts({ recentAdverseAudits: n });
        const d = evaluate(compiled, f, OPTS);
        expect(d).toEqual(evaluateReference(reference, f, OPTS));
        return d.hits.some((h) => h.ruleId === 'recent-adverse-audit');
      };
      expect([ruled(undefined), ruled(0), ruled(1), ruled(3)]).toEqual([false, false, true, true]);
    }
  });
});

describe('audit selection', () => {
  const key = Buffer.from('a-test-selection-key-of-at-least-32-characters');

  test('the sample draw is fixed by key and MRN, differs under another key, and is uniform enough', () => {
    expect(auditSampleDraw(key, '26KZ0000000000001A')).toBe(auditSampleDraw(key, '26KZ0000000000001A'));
    expect(auditSampleDraw(key, '26KZ0000000000001A')).not.toBe(
      auditSampleDraw(Buffer.from('another-key-another-key-another-key'), '26KZ0000000000001A'),
    );
    const draws = Array.from({ length: 4000 }, (_, i) =>
      auditSampleDraw(key, `26KZ${String(i).padStart(14, '0')}`),
    );
    expect(draws.every((d) => d >= 0 && d < 1)).toBe(true);
    const under5 = draws.filter((d) => d < 0.05).length / draws.length;
    expect(under5).toBeGreaterThan(0.03);
    expect(under5).toBeLessThan(0.07);
  });

  test('an audit id is derived from its request: the same request names the same audit', () => {
    const id = auditIdOf('KZ', 'declaration/26KZ0000000000001A/audit/blue');
    expect(id).toMatch(/^KZ-A[0-9A-Z]{16}$/);
    expect(auditIdOf('KZ', 'declaration/26KZ0000000000001A/audit/blue')).toBe(id);
    expect(auditIdOf('KZ', 'declaration/26KZ0000000000001A/audit/sample')).not.toBe(id);
  });
});
