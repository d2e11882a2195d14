import fc from 'fast-check';
import { compileProfile, compileRegex, evaluate, type RiskFacts } from '../../../domain/risk';
import { PATTERNS } from './arbitraries';

describe('compiled evaluation', () => {
  it('a pattern predicate agrees with RE2 itself on any subject, whichever fast path or index it compiles to', () => {
    const subject = fc.string({
      unit: fc.constantFrom(
        'l',
        'L',
        'a',
        'p',
        'k',
        'K',
        '\u212A',
        '\u017F',
        'S',
        'x',
        ' ',
        't',
        'o',
        'N',
        '9',
        'C',
        'Z',
        '1',
        'e',
        'r',
        's',
        'P',
        'w',
      ),
    });
    const regex = fc.constantFrom(
      ...PATTERNS,
      'lap',
      'Lap',
      '^Lap',
      'top$',
      '^lap top$',
      '^k',
      'K',
      '^(k|x)',
      '^(?:Ke|kE)',
      'ers$',
      '^s',
      'Ps',
    );
    fc.assert(
      fc.property(
        regex,
        fc.constantFrom('', 'i', 's', 'is', 'u', 'iu'),
        fc.array(subject, { minLength: 1, maxLength: 4 }),
        (re, flags, subjects) => {
          const p = {
            id: 'P',
            version: 1,
            thresholds: { default: { yellow: 1, red: 2 } },
            randomSelection: { default: { rate: 0 } },
            rules: [
              {
                id: 'R',
                when: { op: 'pattern' as const, field: 'description' as const, regex: re, flags },
                weight: 1,
                reason: 'r',
              },
            ],
          };
          const compiled = compileProfile(p);
          const f: RiskFacts = {
            header: {
              declarationId: 'D',
              aeo: false,
              routeCountries: [],
              itemCount: subjects.length,
              documentCodes: [],
            },
            items: subjects.map((d, i) => ({ seq: i + 1, hsCode: '8471', description: d })),
          };
          const expected = subjects.flatMap((d, i) => (compileRegex(re, flags).test(d) ? [i + 1] : []));
          expect(evaluate(compiled, f, { seed: 0, office: 'KZALA001' }).hits.map((h) => h.itemSeq)).toEqual(
            expected,
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
