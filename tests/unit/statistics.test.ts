import {
  channelRates,
  groupFigures,
  percentile,
  releaseTimeReport,
  segmentsOf,
  type CaseMilestones,
} from '../../apps/api/statistics/release-times';

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 27, 8, 0, 0) + minutes * 60_000);

describe('percentile (linear interpolation, type 7)', () => {
  test('median of an odd sample is its middle value, of an even sample the mean of the two middle ones', () => {
    expect(percentile([30, 10, 20], 0.5)).toBe(20);
    expect(percentile([40, 10, 30, 20], 0.5)).toBe(25);
  });

  test('p90 interpolates between the closest ranks', () => {
    // 10 values 1..10: h = 9 * 0.9 = 8.1 -> 9 + 0.1 * (10 - 9) = 9.1
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    // 4 values: h = 3 * 0.9 = 2.7 -> 30 + 0.7 * (40 - 30) = 37
    expect(percentile([10, 20, 30, 40], 0.9)).toBeCloseTo(37, 10);
  });

  test('one value is every percentile; an empty sample has none', () => {
    expect(percentile([42], 0.9)).toBe(42);
    expect(percentile([], 0.5)).toBeNull();
  });

  test('refuses p outside [0, 1] and does not reorder its input', () => {
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
    const input = [3, 1, 2];
    percentile(input, 0.5);
    expect(input).toEqual([3, 1, 2]);
  });
});

describe('segmentsOf', () => {
  test('computes each segment in seconds from the milestones', () => {
    expect(
      segmentsOf({
        caseId: 'a',
        office: 'X',
        channel: 'RED',
        arrivedAt: at(0),
        lodgedAt: at(30),
        riskAssessedAt: at(32),
        releasedAt: at(92),
      }),
    ).toEqual({
      arrivalToLodgement: 1800,
      lodgementToRiskDecision: 120,
      riskDecisionToRelease: 3600,
      lodgementToRelease: 3720,
    });
  });

  test('leaves out a segment whose end is missing or before its start', () => {
    expect(
      segmentsOf({
        caseId: 'b',
        office: 'X',
        channel: null,
        arrivedAt: at(40),
        lodgedAt: at(30),
        riskAssessedAt: null,
      }),
    ).toEqual({});
  });
});

describe('groupFigures and channel rates', () => {
  const cases: CaseMilestones[] = [
    {
      caseId: '1',
      office: 'KZALA001',
      channel: 'GREEN',
      arrivedAt: at(0),
      lodgedAt: at(10),
      riskAssessedAt: at(11),
      releasedAt: at(12),
    },
    {
      caseId: '2',
      office: 'KZALA001',
      channel: 'GREEN',
      lodgedAt: at(0),
      riskAssessedAt: at(2),
      releasedAt: at(5),
    },
    {
      caseId: '3',
      office: 'KZALA001',
      channel: 'RED',
      lodgedAt: at(0),
      riskAssessedAt: at(3),
      releasedAt: at(63),
    },
    { caseId: '4', office: 'KZAST002', channel: 'YELLOW', lodgedAt: at(0), riskAssessedAt: at(4) },
    { caseId: '5', office: 'KZAST002', channel: null, lodgedAt: at(0) },
  ];

  test('median and p90 per segment, counting only declarations that have the segment', () => {
    const g = groupFigures(cases);
    expect(g.declarations).toBe(5);
    expect(g.segments.arrivalToLodgement).toEqual({ count: 1, medianSeconds: 600, p90Seconds: 600 });
    // risk decision: 60, 120, 180, 240 s -> median 150, p90 h=2.7 -> 180 + 0.7*60 = 222
    expect(g.segments.lodgementToRiskDecision).toEqual({ count: 4, medianSeconds: 150, p90Seconds: 222 });
    // release: 60, 180, 3600 s -> median 180, p90 h=1.8 -> 180 + 0.8*3420 = 2916
    expect(g.segments.riskDecisionToRelease).toEqual({ count: 3, medianSeconds: 180, p90Seconds: 2916 });
    // lodgement to release: 120, 300, 3780 -> median 300, p90 h=1.8 -> 300 + 0.8*3480 = 3084
    expect(g.segments.lodgementToRelease).toEqual({ count: 3, medianSeconds: 300, p90Seconds: 3084 });
  });

  test('channel rates are shares among the assessed declarations only', () => {
    const r = channelRates(cases);
    expect(r.assessed).toBe(4);
    expect(r.counts).toEqual({ GREEN: 2, YELLOW: 1, RED: 1, BLUE: 0, QUERY: 0 });
    expect(r.rates).toEqual({ GREEN: 0.5, YELLOW: 0.25, RED: 0.25, BLUE: 0, QUERY: 0 });
  });

  test('no assessed declarations gives zero rates, not NaN', () => {
    expect(channelRates([]).rates).toEqual({ GREEN: 0, YELLOW: 0, RED: 0, BLUE: 0, QUERY: 0 });
  });

  test('the report groups by office, by channel and by both', () => {
    const r = releaseTimeReport(cases);
    expect(r.byOffice.map((g) => [g.office, g.declarations])).toEqual([
      ['KZALA001', 3],
      ['KZAST002', 2],
    ]);
    expect(r.byChannel.map((g) => [g.channel, g.declarations])).toEqual([
      ['GREEN', 2],
      ['RED', 1],
      ['YELLOW', 1],
      [null, 1],
    ]);
    const alaGreen = r.byOfficeAndChannel.find((g) => g.office === 'KZALA001' && g.channel === 'GREEN')!;
    expect(alaGreen.segments.lodgementToRelease).toEqual({ count: 2, medianSeconds: 210, p90Seconds: 282 });
    expect(r.channelRates.byOffice.find((g) => g.office === 'KZAST002')).toMatchObject({
      assessed: 1,
      rates: { YELLOW: 1 },
    });
  });
});
