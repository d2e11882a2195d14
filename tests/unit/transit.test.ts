import { demoTariffBook } from '../../config/reference';
import { routeTimeLimit, TransitConfigSchema, transitSettings } from '../../config/transit';
import { TransitDeclarationSchema } from '../../domain/schemas/transit';
import {
  arrivalRefusal,
  buildItinerary,
  controlDecision,
  crossingRefusal,
  recoveryDebt,
  tirEventsOnArrival,
  tirEventsOnCrossing,
  unloadingRefusal,
  type MovementFacts,
} from '../../domain/transit';
import { example } from '../support/examples';

const t = TransitDeclarationSchema.parse(example('transit.json'));
const facts = (over: Partial<MovementFacts> = {}): MovementFacts => ({
  state: 'RELEASED_FOR_TRANSIT',
  itinerary: buildItinerary(t),
  officeOfDeparture: 'CNURU001',
  officeOfDestination: 'KGBIS001',
  ...over,
});

describe('transit itinerary and sequence rules', () => {
  test('the itinerary is departure, the offices of transit in order, destination', () => {
    expect(buildItinerary(t).map((s) => `${s.role}:${s.office}:${s.country}`)).toEqual([
      'departure:CNURU001:CN',
      'transit:KZKHO001:KZ',
      'transit:KGAKZ001:KG',
      'destination:KGBIS001:KG',
    ]);
  });

  test('a crossing must be at the next office of transit on the itinerary, once, and only after release', () => {
    expect(crossingRefusal(facts(), 'KZKHO001')).toBeUndefined();
    expect(crossingRefusal(facts(), 'KGAKZ001')).toMatch(/must cross KZKHO001 before KGAKZ001/);
    expect(crossingRefusal(facts(), 'KZKOR001')).toMatch(/not an office of transit on the itinerary/);
    expect(crossingRefusal(facts({ state: 'ACCEPTED' }), 'KZKHO001')).toMatch(/not been released/);
    const it = buildItinerary(t);
    it[1].crossedAt = '2026-11-28T00:00:00Z';
    expect(crossingRefusal(facts({ itinerary: it }), 'KZKHO001')).toMatch(/already recorded/);
  });

  test('arrival only at the destination, after every crossing, and not twice; late arrival during an enquiry is accepted', () => {
    const it = buildItinerary(t).map((s) => (s.role === 'transit' ? { ...s, crossedAt: 'x' } : s));
    expect(arrivalRefusal(facts(), 'KGBIS001')).toMatch(
      /no border crossing recorded yet at KZKHO001, KGAKZ001/,
    );
    expect(arrivalRefusal(facts({ itinerary: it }), 'KGAKZ001')).toMatch(/not the office of destination/);
    expect(arrivalRefusal(facts({ itinerary: it }), 'KGBIS001')).toBeUndefined();
    expect(arrivalRefusal(facts({ itinerary: it, state: 'ENQUIRY' }), 'KGBIS001')).toBeUndefined();
    expect(arrivalRefusal(facts({ itinerary: it, state: 'ARRIVED' }), 'KGBIS001')).toMatch(
      /already notified/,
    );
    expect(arrivalRefusal(facts({ state: 'WRITTEN_OFF' }), 'KGBIS001')).toMatch(/already WRITTEN_OFF/);
  });

  test('unloading remarks only after arrival, and never a second write-off', () => {
    expect(unloadingRefusal(facts(), 'KGBIS001')).toMatch(/not arrived/);
    expect(unloadingRefusal(facts({ state: 'ARRIVED' }), 'KGBIS001')).toBeUndefined();
    expect(unloadingRefusal(facts({ state: 'ARRIVED', unloaded: true }), 'KGBIS001')).toMatch(
      /no second write-off/,
    );
    expect(unloadingRefusal(facts({ state: 'WRITTEN_OFF' }), 'KGBIS001')).toMatch(/no second write-off/);
  });

  test('TIR: a crossing into another country terminates the current operation and starts the next; arrival terminates the last', () => {
    const it = buildItinerary(t);
    expect(tirEventsOnCrossing(it, 'KZKHO001')).toEqual([
      { country: 'CN', action: 'terminated', office: 'KZKHO001' },
      { country: 'KZ', action: 'started', office: 'KZKHO001' },
    ]);
    it[1].crossedAt = 'x';
    it[2].crossedAt = 'y';
    expect(tirEventsOnArrival(it, 'KGBIS001')).toEqual([
      { country: 'KG', action: 'terminated', office: 'KGBIS001' },
    ]);
  });

  test('control rule: sealed goods are released without examination, unidentified goods are examined', () => {
    expect(controlDecision(t).channel).toBe('GREEN');
    expect(controlDecision({ transport: { ...t.transport, seals: [] } }).channel).toBe('RED');
  });
});

describe('recovery debt', () => {
  const book = demoTariffBook();

  test('computed with the duty engine for the destination country and converted into the guarantee currency', () => {
    const d = recoveryDebt({
      declaration: t,
      country: 'KG',
      date: '2026-12-15',
      book,
      guaranteeCurrency: 'USD',
    });
    expect(d.value).toMatchObject({
      country: 'KG',
      nationalCurrency: 'KGS',
      guaranteeCurrency: 'USD',
      itemSeqs: [1, 2],
      valueBasis: { currency: 'USD', amount: '18500.00' },
    });
    expect(Number(d.value.totals.duty)).toBeGreaterThan(0);
    expect(Number(d.value.totals.vat)).toBeGreaterThan(0);
    const rate = book.exchangeRate('USD', 'KGS', '2026-12-15')!;
    expect(Math.abs(Number(d.value.total) / Number(rate.rate) - Number(d.value.amount))).toBeLessThan(0.006);
    expect(d.steps.some((s) => s.rule === 'recovery-basis')).toBe(true);
    expect(d.steps.at(-1)!.rule).toBe('recovery-amount');
  });

  test('only the items concerned are charged after unresolved discrepancies', () => {
    const all = recoveryDebt({
      declaration: t,
      country: 'KG',
      date: '2026-12-15',
      book,
      guaranteeCurrency: 'USD',
    }).value;
    const one = recoveryDebt({
      declaration: t,
      country: 'KG',
      date: '2026-12-15',
      book,
      guaranteeCurrency: 'USD',
      itemSeqs: [2],
    }).value;
    expect(one.itemSeqs).toEqual([2]);
    expect(Number(one.amount)).toBeLessThan(Number(all.amount));
    expect(Number(one.amount)).toBeGreaterThan(0);
  });
});

describe('transit configuration', () => {
  test('time limit per route: office pair, then country pair, then the default', () => {
    const cfg = TransitConfigSchema.parse({ timeLimits: { 'CNURU001>KGBIS001': '5d', 'CN>KG': '6d' } });
    expect(routeTimeLimit(cfg, 'CNURU001', 'KGBIS001')).toBe('5d');
    expect(routeTimeLimit(cfg, 'CNKHO001', 'KGBIS001')).toBe('6d');
    expect(routeTimeLimit(cfg, 'KZALA001', 'UZTAS001')).toBe('8d');
    expect(transitSettings(TransitConfigSchema.parse({}), 'CNURU001', 'KGBIS001')).toEqual({
      timeLimitMs: 6 * 86_400_000,
      amendmentDeadlineMs: 3 * 86_400_000,
      enquiryResponseMs: 28 * 86_400_000,
      discrepancyResolutionMs: 3 * 86_400_000,
      slaByStateMs: { UNDER_CONTROL: 4 * 3_600_000, ARRIVED: 86_400_000 },
    });
  });

  test('SLA per waiting state comes from the table of the office acting in that state: departure for control, destination for unloading', () => {
    const cfg = TransitConfigSchema.parse({
      sla: {
        default: { UNDER_CONTROL: '4h', ARRIVED: '1d', ENQUIRY: '7d' },
        offices: { CNURU001: { UNDER_CONTROL: '2h' }, KGBIS001: { ARRIVED: '6h', UNDER_CONTROL: '1m' } },
      },
    });
    expect(transitSettings(cfg, 'CNURU001', 'KGBIS001').slaByStateMs).toEqual({
      UNDER_CONTROL: 2 * 3_600_000,
      ARRIVED: 6 * 3_600_000,
      ENQUIRY: 7 * 86_400_000,
    });
    expect(transitSettings(cfg, 'CNKAS001', 'KZALA001').slaByStateMs).toEqual({
      UNDER_CONTROL: 4 * 3_600_000,
      ARRIVED: 86_400_000,
      ENQUIRY: 7 * 86_400_000,
    });
    expect(() => TransitConfigSchema.parse({ sla: { default: { IN_ORBIT: '1h' } } })).toThrow();
    expect(() => TransitConfigSchema.parse({ sla: { default: { ARRIVED: 'soon' } } })).toThrow(/duration/);
  });
});
