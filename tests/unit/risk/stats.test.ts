import { recordControlOutcome, recordRuleHits, type RiskRuleStatistics } from '../../../domain/risk';

describe('rule hit-rate statistics', () => {
  it('a control outcome updates controls, non-conform findings and hit rate of each rule behind the decision', () => {
    let s: RiskRuleStatistics = {};
    s = recordRuleHits(s, ['A', 'B']);
    s = recordControlOutcome(s, ['A', 'B'], 'NON_CONFORM');
    s = recordControlOutcome(s, ['A'], 'CONFORM');
    s = recordControlOutcome(s, ['A'], 'REFUSED');
    expect(s.A).toEqual({ hits: 1, controls: 3, nonConform: 2, hitRate: 2 / 3 });
    expect(s.B).toEqual({ hits: 1, controls: 1, nonConform: 1, hitRate: 1 });
  });

  it('a rule that hit several goods items counts once per decision and once per control', () => {
    const s = recordControlOutcome(recordRuleHits({}, ['A', 'A']), ['A', 'A'], 'CONFORM');
    expect(s.A).toEqual({ hits: 1, controls: 1, nonConform: 0, hitRate: 0 });
  });

  it('updates are pure: the input statistics are left untouched', () => {
    const before: RiskRuleStatistics = { A: { hits: 1, controls: 1, nonConform: 0, hitRate: 0 } };
    const frozen = JSON.stringify(before);
    const after = recordControlOutcome(before, ['A'], 'NON_CONFORM');
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after.A.hitRate).toBe(0.5);
  });
});
