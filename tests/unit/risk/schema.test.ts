import { compileProfile, RiskProfileSchema } from '../../../domain/risk';
import { profileWith } from './helpers';

function issuesOf(doc: unknown): { path: string; message: string }[] {
  const r = RiskProfileSchema.safeParse(doc);
  expect(r.success).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('risk profile schema', () => {
  it('accepts a valid profile and fills the AEO policy defaults', () => {
    const p = RiskProfileSchema.parse(
      profileWith([{ id: 'R1', when: { op: 'hsPrefix', prefixes: ['8471'] }, weight: 5, reason: 'r' }]),
    );
    expect(p.aeo).toEqual({
      scoreMultiplier: 1,
      channelStepDown: 0,
      randomRateMultiplier: 1,
      lowersForcedChannels: false,
    });
  });

  it('rejects an unknown field in a nested predicate, naming its path', () => {
    const doc = profileWith([
      {
        id: 'R1',
        when: {
          op: 'all',
          of: [
            { op: 'hsPrefix', prefixes: ['84'] },
            { op: 'equals', field: 'colour' as never, value: 'red' },
          ],
        },
        weight: 1,
        reason: 'r',
      },
    ]);
    expect(issuesOf(doc).map((i) => i.path)).toContain('rules.0.when.of.1.field');
  });

  it('rejects a range over a text field, naming the field', () => {
    const doc = profileWith([
      { id: 'R1', when: { op: 'range', field: 'description', min: 1 }, weight: 1, reason: 'r' },
    ]);
    expect(issuesOf(doc)).toContainEqual({
      path: 'rules.0.when.field',
      message: expect.stringContaining('numeric field'),
    });
  });

  it('rejects an invalid regular expression and stateful flags', () => {
    const doc = profileWith([
      { id: 'R1', when: { op: 'pattern', field: 'description', regex: '(unclosed' }, weight: 1, reason: 'r' },
      {
        id: 'R2',
        when: { op: 'pattern', field: 'description', regex: 'x', flags: 'g' },
        weight: 1,
        reason: 'r',
      },
    ]);
    const paths = issuesOf(doc).map((i) => i.path);
    expect(paths).toContain('rules.0.when.regex');
    expect(paths).toContain('rules.1.when.flags');
  });

  it('rejects a malformed HS prefix and a non-decimal bound', () => {
    const doc = profileWith([
      { id: 'R1', when: { op: 'hsPrefix', prefixes: ['84.71'] }, weight: 1, reason: 'r' },
      { id: 'R2', when: { op: 'range', field: 'unitValue', min: '1,5' }, weight: 1, reason: 'r' },
    ]);
    const paths = issuesOf(doc).map((i) => i.path);
    expect(paths).toContain('rules.0.when.prefixes.0');
    expect(paths.some((p) => p.startsWith('rules.1.when.min'))).toBe(true);
  });

  it('rejects a rule with neither weight nor forced channel', () => {
    const doc = profileWith([{ id: 'R1', when: { op: 'aeo', is: true }, reason: 'r' }]);
    expect(issuesOf(doc).map((i) => i.path)).toContain('rules.0.weight');
  });

  it('rejects duplicate rule ids, naming the second', () => {
    const r = { id: 'R1', when: { op: 'aeo', is: true } as const, weight: 1, reason: 'r' };
    expect(issuesOf(profileWith([r, r]))).toContainEqual({
      path: 'rules.1.id',
      message: expect.stringContaining('duplicate'),
    });
  });

  it('rejects office thresholds with yellow above red, naming the office', () => {
    const doc = profileWith([], {
      thresholds: { default: { yellow: 30, red: 60 }, offices: { KZALA001: { yellow: 70, red: 60 } } },
    });
    expect(issuesOf(doc).map((i) => i.path)).toContain('thresholds.offices.KZALA001.yellow');
  });

  it('rejects a random selection rate outside 0..1 and an unknown forced channel', () => {
    const doc = {
      ...profileWith([
        { id: 'R1', when: { op: 'aeo', is: true }, forceChannel: 'PURPLE' as never, reason: 'r' },
      ]),
      randomSelection: { default: { rate: 1.5 } },
    };
    const paths = issuesOf(doc).map((i) => i.path);
    expect(paths).toContain('randomSelection.default.rate');
    expect(paths).toContain('rules.0.forceChannel');
  });

  it('compileProfile refuses an invalid profile', () => {
    expect(() => compileProfile({ ...profileWith([]), version: 0 })).toThrow(/version/);
  });
});
