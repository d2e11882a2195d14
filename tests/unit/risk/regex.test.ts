import {
  compileProfile,
  compileRegex,
  evaluate,
  RiskProfileSchema,
  type Predicate,
} from '../../../domain/risk';
import { facts, OPTS, profileWith } from './helpers';

function ruleHits(when: Predicate, description: string): boolean {
  const profile = profileWith([{ id: 'R1', when, weight: 10, reason: 'test rule' }]);
  return evaluate(compileProfile(profile), facts({}, [{ description }]), OPTS).hits.length > 0;
}

function regexIssues(regex: string, flags?: string) {
  const r = RiskProfileSchema.safeParse(
    profileWith([
      { id: 'R1', when: { op: 'hsPrefix', prefixes: ['84'] }, weight: 1, reason: 'r' },
      { id: 'R2', when: { op: 'pattern', field: 'description', regex, flags }, weight: 1, reason: 'r' },
    ]),
  );
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('rule patterns on RE2 (linear time)', () => {
  // With V8's backtracking RegExp, `(a+)+$` against 100,000 a's and a b does not finish in this
  // test's lifetime (every way of splitting the a's is tried); on RE2 it is one pass over the text.
  const stall = 'a'.repeat(100_000) + 'b';

  it('evaluates a catastrophic pattern over a long subject, with the right answer', () => {
    expect(ruleHits({ op: 'pattern', field: 'description', regex: '(a+)+$' }, stall)).toBe(false);
    expect(ruleHits({ op: 'pattern', field: 'description', regex: '(a+)+b$' }, stall)).toBe(true);
    expect(ruleHits({ op: 'pattern', field: 'description', regex: '^(a|aa)+$' }, stall)).toBe(false);
    expect(
      ruleHits({ op: 'pattern', field: 'description', regex: '^(a|aa)+$', flags: 'i' }, 'aA'.repeat(5e4)),
    ).toBe(true);
  });

  it('refuses a lookahead at the door, naming the rule field', () => {
    expect(regexIssues('laptop(?=s)')).toEqual([
      { path: 'rules.1.when.regex', message: expect.stringContaining('no lookaround') },
    ]);
  });

  it('refuses lookbehind and backreferences, which RE2 cannot match in linear time', () => {
    expect(regexIssues('(?<!bag )laptop').map((i) => i.path)).toEqual(['rules.1.when.regex']);
    expect(regexIssues('(?!x)laptop').map((i) => i.path)).toEqual(['rules.1.when.regex']);
    expect(regexIssues('(l)\\1').map((i) => i.path)).toEqual(['rules.1.when.regex']);
  });

  it('refuses a repeated flag, accepts u (RE2 always reads code points)', () => {
    expect(regexIssues('laptop', 'ii').map((i) => i.path)).toEqual(['rules.1.when.flags']);
    expect(regexIssues('laptop', 'iu')).toEqual([]);
  });

  it('a stored profile RE2 cannot compile does not compile in the worker either', () => {
    const doc = profileWith([
      { id: 'R1', when: { op: 'pattern', field: 'description', regex: 'a(?=b)' }, weight: 1, reason: 'r' },
    ]);
    expect(() => compileProfile(doc)).toThrow(/rules.*regex|lookaround/s);
  });

  it('folds case the Unicode way under i, in the fast paths as in RE2 itself', () => {
    const kelvin = '\u212A'; // KELVIN SIGN: RE2 folds it with k
    expect(compileRegex('^k', 'i').test(kelvin)).toBe(true);
    expect(ruleHits({ op: 'pattern', field: 'description', regex: '^k', flags: 'i' }, kelvin)).toBe(true);
    expect(
      ruleHits({ op: 'pattern', field: 'description', regex: 'ks$', flags: 'i' }, `bloc${kelvin}\u017F`),
    ).toBe(true);
    expect(ruleHits({ op: 'pattern', field: 'description', regex: '^k' }, kelvin)).toBe(false);
  });
});
