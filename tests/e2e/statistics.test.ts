import { projectCase, type LegacyCaseView } from '../../activities/projections/cases';
import { startTestStack, type TestStack } from '../support/api';

/**
 * Release-time figures over timelines written through the real projection. Each run uses its own
 * offices (unique codes) and a period in 2031, so rows of other tests never enter the figures.
 */
let stack: TestStack;
const run = Date.now().toString(36).toUpperCase().slice(-6);
const OFFICE_A = `KZST${run}A`;
const OFFICE_B = `KZST${run}B`;
const T0 = Date.UTC(2031, 0, 15, 8, 0, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function declaration(
  n: number,
  office: string,
  channel: string | undefined,
  steps: [number, string][],
  arrivedAt?: number,
  country = 'KZ',
): LegacyCaseView & Record<string, unknown> {
  const caseId = `declaration/ST${run}${n}`;
  return {
    caseId,
    kind: 'declaration',
    state: steps[steps.length - 1][1],
    channel,
    office,
    country,
    timeline: steps.map(([m, state], i) => ({
      seq: i + 1,
      at: at(m),
      type: 'state',
      state,
      actor: 'system',
    })),
    declaration: arrivedAt === undefined ? {} : { arrivedAt: at(arrivedAt) },
  };
}

beforeAll(async () => {
  stack = await startTestStack('e2e-statistics');
  const cases = [
    // Office A, GREEN: arrived 20 min before lodging, risk after 1 min, released 2 min later.
    declaration(
      1,
      OFFICE_A,
      'GREEN',
      [
        [0, 'LODGED'],
        [0, 'ACCEPTED'],
        [1, 'RISK_ASSESSED'],
        [3, 'RELEASED'],
      ],
      -20,
    ),
    // Office A, GREEN: arrived 40 min before; risk after 3 min, released 7 min later.
    declaration(
      2,
      OFFICE_A,
      'GREEN',
      [
        [10, 'LODGED'],
        [11, 'ACCEPTED'],
        [13, 'RISK_ASSESSED'],
        [14, 'DUTIES_ASSESSED'],
        [20, 'RELEASED'],
      ],
      -30,
    ),
    // Office A, RED: risk after 5 min, released 100 min later.
    declaration(3, OFFICE_A, 'RED', [
      [20, 'LODGED'],
      [25, 'RISK_ASSESSED'],
      [30, 'UNDER_CONTROL'],
      [125, 'RELEASED'],
    ]),
    // Office B, YELLOW, still under control: risk after 2 min, no release.
    declaration(4, OFFICE_B, 'YELLOW', [
      [0, 'LODGED'],
      [2, 'RISK_ASSESSED'],
      [3, 'UNDER_CONTROL'],
    ]),
    // Office B, lodged but not yet assessed.
    declaration(5, OFFICE_B, undefined, [
      [0, 'LODGED'],
      [1, 'ACCEPTED'],
    ]),
    // Outside the period (lodged a year later) and outside a KZ caller's scope (KG): never counted.
    declaration(6, OFFICE_A, 'GREEN', [
      [525_600, 'LODGED'],
      [525_601, 'RISK_ASSESSED'],
      [525_602, 'RELEASED'],
    ]),
    declaration(
      7,
      OFFICE_A,
      'RED',
      [
        [0, 'LODGED'],
        [1, 'RISK_ASSESSED'],
        [2, 'RELEASED'],
      ],
      undefined,
      'KG',
    ),
  ];
  for (const c of cases) await projectCase(stack.pool, c);
});
afterAll(async () => {
  await stack?.close();
});

const period = `from=${encodeURIComponent(at(-60))}&to=${encodeURIComponent(at(24 * 60))}`;

describe('GET /v1/statistics/release-times', () => {
  test('median and p90 per segment, by office, from the timelines in the period and scope', async () => {
    const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
    const res = await stack.request('GET', `/v1/statistics/release-times?${period}&office=${OFFICE_A}`, {
      token: supervisor,
    });
    expect(res.status).toBe(200);
    expect(res.body.overall.declarations).toBe(3);
    // arrival -> lodgement: 1200 s, 2400 s -> median 1800, p90 1200 + 0.9 * 1200 = 2280
    expect(res.body.overall.segments.arrivalToLodgement).toEqual({
      count: 2,
      medianSeconds: 1800,
      p90Seconds: 2280,
    });
    // lodgement -> risk: 60, 180, 300 s -> median 180, p90 h=1.8 -> 180 + 0.8 * 120 = 276
    expect(res.body.overall.segments.lodgementToRiskDecision).toEqual({
      count: 3,
      medianSeconds: 180,
      p90Seconds: 276,
    });
    // risk -> release: 120, 420, 6000 s -> median 420, p90 420 + 0.8 * 5580 = 4884
    expect(res.body.overall.segments.riskDecisionToRelease).toEqual({
      count: 3,
      medianSeconds: 420,
      p90Seconds: 4884,
    });
    // lodgement -> release: 180, 600, 6300 s -> median 600, p90 600 + 0.8 * 5700 = 5160
    expect(res.body.overall.segments.lodgementToRelease).toEqual({
      count: 3,
      medianSeconds: 600,
      p90Seconds: 5160,
    });
    const green = res.body.byChannel.find((g: { channel: string }) => g.channel === 'GREEN');
    // GREEN lodgement -> release: 180, 600 -> median 390, p90 180 + 0.9 * 420 = 558
    expect(green.segments.lodgementToRelease).toEqual({ count: 2, medianSeconds: 390, p90Seconds: 558 });
    expect(res.body.channelRates).toMatchObject({ assessed: 3, counts: { GREEN: 2, RED: 1, YELLOW: 0 } });
    expect(res.body.channelRates.rates.GREEN).toBeCloseTo(0.6667, 4);
  });

  test('channel rates count only assessed declarations; figures split by office and channel', async () => {
    const admin = stack.token({ role: 'administrator', countries: ['KZ'] });
    const res = await stack.request('GET', `/v1/statistics/release-times?${period}&office=${OFFICE_B}`, {
      token: admin,
    });
    expect(res.status).toBe(200);
    expect(res.body.overall.declarations).toBe(2);
    expect(res.body.channelRates).toMatchObject({ assessed: 1, rates: { YELLOW: 1, GREEN: 0 } });
    expect(res.body.overall.segments.lodgementToRelease).toEqual({
      count: 0,
      medianSeconds: null,
      p90Seconds: null,
    });
    expect(res.body.byOfficeAndChannel).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ office: OFFICE_B, channel: 'YELLOW', declarations: 1 }),
      ]),
    );
  });

  test('the channel filter narrows to one lane', async () => {
    const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
    const res = await stack.request(
      'GET',
      `/v1/statistics/release-times?${period}&office=${OFFICE_A}&channel=RED`,
      { token: supervisor },
    );
    expect(res.status).toBe(200);
    expect(res.body.overall.declarations).toBe(1);
    expect(res.body.overall.segments.lodgementToRelease).toEqual({
      count: 1,
      medianSeconds: 6300,
      p90Seconds: 6300,
    });
  });

  test('a KG supervisor sees only KG declarations, never the KZ ones', async () => {
    const kg = stack.token({ role: 'supervisor', countries: ['KG'] });
    const res = await stack.request('GET', `/v1/statistics/release-times?${period}&office=${OFFICE_A}`, {
      token: kg,
    });
    expect(res.status).toBe(200);
    expect(res.body.overall.declarations).toBe(1);
    expect(res.body.channelRates.counts.RED).toBe(1);
  });

  test('officers and clearance systems may not read statistics', async () => {
    for (const role of ['officer', 'clearance-system', 'partner'] as const) {
      const res = await stack.request('GET', `/v1/statistics/release-times?${period}`, {
        token: stack.token({ role }),
      });
      expect(res.status).toBe(403);
    }
  });

  test('a bad period or channel is a 400 naming the field', async () => {
    const supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
    const res = await stack.request('GET', `/v1/statistics/release-times?from=yesterday&channel=PURPLE`, {
      token: supervisor,
    });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((i: { path: string }) => i.path).sort()).toEqual(['channel', 'from']);
    const reversed = await stack.request(
      'GET',
      `/v1/statistics/release-times?from=${encodeURIComponent(at(10))}&to=${encodeURIComponent(at(0))}`,
      { token: supervisor },
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.issues[0]).toMatchObject({ path: 'from', message: 'from must be before to' });
  });
});
