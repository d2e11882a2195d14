import { compileProfile, evaluate, selectionDraw, type RiskRule } from '../../../domain/risk';
import { facts, OPTS, profileWith } from './helpers';

const always = { op: 'equals', field: 'transportMode', value: 'ROAD' } as const;
const rule = (id: string, extra: Partial<RiskRule>): RiskRule => ({
  id,
  when: always,
  reason: `reason ${id}`,
  ...extra,
});

describe('forced channels', () => {
  it('the most severe forced channel wins: RED > QUERY > YELLOW > BLUE > GREEN', () => {
    const order = ['GREEN', 'BLUE', 'YELLOW', 'QUERY', 'RED'] as const;
    for (let k = 0; k < order.length; k++) {
      const rules = order.slice(0, k + 1).map((c, i) => rule(`F${i}`, { forceChannel: c }));
      const d = evaluate(compileProfile(profileWith(rules.reverse())), facts(), OPTS);
      expect(d.channel).toBe(order[k]);
      expect(d.forcedChannel).toBe(order[k]);
    }
  });

  it('a forced channel takes precedence over the score channel, in both directions', () => {
    const heavy = rule('W', { weight: 100 });
    const up = evaluate(
      compileProfile(profileWith([rule('Q', { forceChannel: 'QUERY' }), rule('W0', { weight: 1 })])),
      facts(),
      OPTS,
    );
    expect(up.scoreChannel).toBe('GREEN');
    expect(up.channel).toBe('QUERY');
    const down = evaluate(
      compileProfile(profileWith([heavy, rule('B', { forceChannel: 'BLUE' })])),
      facts(),
      OPTS,
    );
    expect(down.scoreChannel).toBe('RED');
    expect(down.channel).toBe('BLUE');
    expect(down.explanation.join('\n')).toMatch(
      /forced channel BLUE by B .* takes precedence over score channel RED/,
    );
  });
});

describe('score thresholds', () => {
  const rules = [rule('A', { weight: 20 }), rule('B', { weight: 15 })]; // score 35
  const profile = () =>
    profileWith(rules, {
      thresholds: {
        default: { yellow: 30, red: 60 },
        offices: { KZKHO001: { yellow: 50, red: 80 }, KZAST001: { blue: 10, yellow: 40, red: 70 } },
      },
    });

  it('sums the weights of the rules hit and maps the score through the default thresholds', () => {
    const d = evaluate(compileProfile(profile()), facts(), { seed: 1, office: 'KZALA001' });
    expect(d.score).toBe(35);
    expect(d.channel).toBe('YELLOW');
    expect(d.thresholds).toEqual({ yellow: 30, red: 60, source: 'default' });
  });

  it('uses the thresholds of the office when the office has its own', () => {
    expect(evaluate(compileProfile(profile()), facts(), { seed: 1, office: 'KZKHO001' }).channel).toBe(
      'GREEN',
    );
    const blue = evaluate(compileProfile(profile()), facts(), { seed: 1, office: 'KZAST001' });
    expect(blue.channel).toBe('BLUE');
    expect(blue.thresholds.source).toBe('office');
  });

  it('thresholds are inclusive: a score equal to red is RED', () => {
    const d = evaluate(compileProfile(profileWith([rule('A', { weight: 60 })])), facts(), OPTS);
    expect(d.channel).toBe('RED');
  });

  it('a rule matching several goods items counts once in the score', () => {
    const hs: RiskRule = {
      id: 'HS',
      when: { op: 'hsPrefix', prefixes: ['84'] },
      weight: 20,
      reason: 'machines',
    };
    const d = evaluate(
      compileProfile(profileWith([hs])),
      facts({}, [{ hsCode: '8471300000' }, { hsCode: '8471410000' }]),
      OPTS,
    );
    expect(d.hits.map((h) => h.itemSeq)).toEqual([1, 2]);
    expect(d.score).toBe(20);
  });
});

describe('random selection', () => {
  const randomProfile = (rate: number) =>
    profileWith([], {
      randomSelection: { default: { rate }, offices: { KZKHO001: { rate: 1, channel: 'RED' } } },
    });

  it('the same seed and declaration give the same draw and the same decision', () => {
    const c = compileProfile(randomProfile(0.5));
    const a = evaluate(c, facts({ declarationId: '26KZ0000000000001' }), {
      seed: 'seed-42',
      office: 'KZALA001',
    });
    const b = evaluate(compileProfile(randomProfile(0.5)), facts({ declarationId: '26KZ0000000000001' }), {
      seed: 'seed-42',
      office: 'KZALA001',
    });
    expect(a.randomSelection.draw).toBe(b.randomSelection.draw);
    expect(a).toEqual(b);
    expect(a.randomSelection.draw).toBe(selectionDraw('seed-42', '26KZ0000000000001'));
  });

  it('a different seed gives a different draw', () => {
    expect(selectionDraw('seed-1', 'D')).not.toBe(selectionDraw('seed-2', 'D'));
  });

  it('the realised selection rate over many seeds is close to the configured minimum rate', () => {
    const c = compileProfile(randomProfile(0.05));
    let selected = 0;
    const n = 20000;
    for (let i = 0; i < n; i++)
      if (
        evaluate(c, facts({ declarationId: `D${i}` }), { seed: `s${i}`, office: 'KZALA001' }).randomSelection
          .selected
      )
        selected++;
    // binomial sd = sqrt(0.05 * 0.95 / 20000) = 0.0015; 4 sd either side
    expect(selected / n).toBeGreaterThan(0.044);
    expect(selected / n).toBeLessThan(0.056);
  });

  it('a randomly selected declaration is raised to the office random channel (default YELLOW), never lowered', () => {
    const green = evaluate(compileProfile(randomProfile(1)), facts(), OPTS);
    expect(green.channel).toBe('YELLOW');
    const red = evaluate(compileProfile(randomProfile(1)), facts(), { seed: 1, office: 'KZKHO001' });
    expect(red.channel).toBe('RED');
    expect(red.randomSelection).toMatchObject({ rate: 1, selected: true, channel: 'RED', source: 'office' });
    const forcedRed = evaluate(
      compileProfile({ ...randomProfile(1), rules: [rule('R', { forceChannel: 'RED' })] }),
      facts(),
      OPTS,
    );
    expect(forcedRed.channel).toBe('RED');
  });

  it('rate 0 never selects', () => {
    expect(evaluate(compileProfile(randomProfile(0)), facts(), OPTS).randomSelection.selected).toBe(false);
  });
});

describe('AEO', () => {
  const aeoProfile = (aeo: object, rules: RiskRule[]) =>
    profileWith(rules, { thresholds: { default: { blue: 10, yellow: 30, red: 60 }, offices: {} }, aeo });

  it('multiplies the score of an AEO declarant before the thresholds', () => {
    const p = aeoProfile({ scoreMultiplier: 0.5 }, [rule('A', { weight: 70 })]);
    expect(evaluate(compileProfile(p), facts({ aeo: false }), OPTS)).toMatchObject({
      score: 70,
      channel: 'RED',
    });
    expect(evaluate(compileProfile(p), facts({ aeo: true }), OPTS)).toMatchObject({
      rawScore: 70,
      score: 35,
      channel: 'YELLOW',
    });
  });

  it('steps the score channel down along GREEN < BLUE < YELLOW < RED', () => {
    const p = aeoProfile({ channelStepDown: 1 }, [rule('A', { weight: 70 })]);
    expect(evaluate(compileProfile(p), facts({ aeo: true }), OPTS).channel).toBe('YELLOW');
    const p2 = aeoProfile({ channelStepDown: 2 }, [rule('A', { weight: 35 })]);
    expect(evaluate(compileProfile(p2), facts({ aeo: true }), OPTS).channel).toBe('GREEN');
  });

  it('never lowers a forced channel unless the policy says so', () => {
    const rules = [rule('R', { forceChannel: 'RED' })];
    expect(
      evaluate(compileProfile(aeoProfile({ channelStepDown: 1 }, rules)), facts({ aeo: true }), OPTS).channel,
    ).toBe('RED');
    const lowers = evaluate(
      compileProfile(aeoProfile({ channelStepDown: 1, lowersForcedChannels: true }, rules)),
      facts({ aeo: true }),
      OPTS,
    );
    expect(lowers.channel).toBe('YELLOW');
  });

  it('never lowers a forced QUERY, even when the policy lowers forced channels', () => {
    const rules = [rule('Q', { forceChannel: 'QUERY' })];
    expect(
      evaluate(
        compileProfile(aeoProfile({ channelStepDown: 2, lowersForcedChannels: true }, rules)),
        facts({ aeo: true }),
        OPTS,
      ).channel,
    ).toBe('QUERY');
  });

  it('scales the random selection rate by the AEO multiplier', () => {
    const p = profileWith([], {
      randomSelection: { default: { rate: 1 } },
      aeo: { randomRateMultiplier: 0 },
    });
    expect(evaluate(compileProfile(p), facts({ aeo: true }), OPTS).randomSelection).toMatchObject({
      rate: 0,
      selected: false,
    });
    expect(evaluate(compileProfile(p), facts({ aeo: false }), OPTS).randomSelection).toMatchObject({
      rate: 1,
      selected: true,
    });
  });
});

describe('explanation', () => {
  it('lists every hit with its item, reason and weight or forced channel, the thresholds used and the draw', () => {
    const rules: RiskRule[] = [
      { id: 'HS84', when: { op: 'hsPrefix', prefixes: ['84'] }, weight: 25, reason: 'machinery under watch' },
      {
        id: 'TIN',
        when: { op: 'equals', field: 'declarantTin', value: 'KZ990140000123' },
        forceChannel: 'YELLOW',
        reason: 'declarant on watch list',
      },
    ];
    const p = profileWith(rules, {
      thresholds: { default: { yellow: 30, red: 60 }, offices: { KZALA001: { yellow: 20, red: 50 } } },
    });
    const d = evaluate(
      compileProfile(p),
      facts({}, [{ hsCode: '8471300000' }, { hsCode: '8504403000' }]),
      OPTS,
    );
    expect(d.hits).toEqual([
      { ruleId: 'HS84', reason: 'machinery under watch', weight: 25, itemSeq: 1 },
      { ruleId: 'TIN', reason: 'declarant on watch list', forcedChannel: 'YELLOW' },
    ]);
    expect(d.explanation).toEqual([
      'hit HS84 (item 1): machinery under watch [weight 25]',
      'hit TIN: declarant on watch list [forces YELLOW]',
      'score 25',
      'thresholds (office KZALA001): yellow >= 20, red >= 50 -> YELLOW',
      'forced channel YELLOW by TIN (most severe forced channel: RED > QUERY > YELLOW > BLUE > GREEN) takes precedence over score channel YELLOW',
      `random selection (default): rate 0, draw ${d.randomSelection.draw.toFixed(6)} -> not selected`,
      'channel YELLOW',
    ]);
  });

  it('says so when no rule hit', () => {
    const d = evaluate(compileProfile(profileWith([])), facts(), OPTS);
    expect(d.explanation[0]).toBe('no rule hit');
    expect(d.channel).toBe('GREEN');
    expect(d).toMatchObject({
      profileId: 'TEST',
      profileVersion: 1,
      declarationId: 'DECL-1',
      office: 'KZALA001',
    });
  });
});
