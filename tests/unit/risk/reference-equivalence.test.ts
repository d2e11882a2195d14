import fc from 'fast-check';
import { compileProfile, evaluate, evaluateReference, RiskProfileSchema } from '../../../domain/risk';
import { OFFICES, profile, riskFacts } from './arbitraries';

describe('compiled evaluation', () => {
  it('equals the naive reference evaluation for any profile, facts, seed and office', () => {
    fc.assert(
      fc.property(
        profile,
        fc.array(riskFacts, { minLength: 1, maxLength: 4 }),
        fc.string(),
        fc.constantFrom(...OFFICES),
        (p, fs, seed, office) => {
          const compiled = compileProfile(p);
          const parsed = RiskProfileSchema.parse(p);
          for (const f of fs)
            expect(evaluate(compiled, f, { seed, office })).toEqual(
              evaluateReference(parsed, f, { seed, office }),
            );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('every generated predicate is a valid profile predicate (the property above is not vacuous)', () => {
    fc.assert(fc.property(profile, (p) => RiskProfileSchema.safeParse(p).success));
  });

  it('reaches hits: over generated cases the engines agree on a non-trivial number of hits', () => {
    let totalHits = 0;
    fc.assert(
      fc.property(profile, riskFacts, (p, f) => {
        totalHits += evaluate(compileProfile(p), f, { seed: 1, office: 'KZALA001' }).hits.length;
      }),
      { numRuns: 200, seed: 7 },
    );
    expect(totalHits).toBeGreaterThan(50);
  });
});
