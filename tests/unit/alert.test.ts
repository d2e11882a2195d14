import { nextControlCountry } from '../../activities/alert/route';
import type { AlertInput, AlertMatchFound } from '../../contracts/alert';
import {
  applyExpiry,
  applyLapse,
  applyMatches,
  applyRaise,
  applyRecordMatch,
  applyRecordResult,
  caseSubjects,
  containerNumberValid,
  newAlertCase,
  recordMatchRefusal,
  recordResultRefusal,
  subjectMatches,
  visibilityQuery,
} from '../../domain/alert';
import { withAlertFacts } from '../../domain/alert/risk-facts';
import { alertHoldRefusal, applyAlertControl } from '../../domain/transit/alert-holds';
import type { RiskDecision } from '../../domain/risk/decision';
import { RaiseAlertSchema } from '../../domain/schemas/alert';

const AT = '2026-12-02T10:00:00.000Z';
const input: AlertInput = {
  alertId: 'KZ-L0000000000000001',
  country: 'KZ',
  actor: 'kz-officer',
  raisedByRole: 'officer',
  subject: { kind: 'vehicle', registration: '01 kz-123 abc' },
  severity: 'HIGH',
  reason: 'double floor',
  raisedAt: AT,
  validUntil: '2026-12-09T10:00:00.000Z',
  recipients: ['TJ', 'KZ'],
  settings: { resultGraceMs: 86_400_000 },
};
const transit: AlertMatchFound = {
  caseId: 'transit/26CN000HOPIQGY0MA4',
  kind: 'transit',
  mrn: '26CN000HOPIQGY0MA4',
  country: 'KZ',
  route: ['CN', 'KZ', 'UZ'],
};
const raised = () => applyRaise(newAlertCase(input, 'alert/KZ-L0000000000000001'), AT);

describe('subjects', () => {
  test('a container number needs its ISO 6346 check digit', () => {
    expect(containerNumberValid('CSQU3054383')).toBe(true);
    expect(containerNumberValid('CSQU3054384')).toBe(false);
    expect(containerNumberValid('CSQX3054383')).toBe(false);
  });
  test('registrations match however they were written; the visibility query holds only normalised values', () => {
    const facts = caseSubjects({ vehicles: ['01KZ123ABC'], containers: [], traders: [], goods: [] });
    expect(subjectMatches({ kind: 'vehicle', registration: '01 kz-123 abc' }, facts)).toBe(true);
    expect(visibilityQuery({ kind: 'vehicle', registration: "01 KZ'123" })).toMatch(
      /^Vehicles = '01KZ123' AND/,
    );
    expect(visibilityQuery({ kind: 'commodity', hsHeading: '2402', origin: 'CN' })).toBeUndefined();
  });
  test('a commodity alert matches goods of that heading from that origin only', () => {
    const facts = caseSubjects({
      vehicles: [],
      containers: [],
      traders: [],
      goods: [{ hsCode: '240220', origin: 'CN' }],
    });
    expect(subjectMatches({ kind: 'commodity', hsHeading: '2402', origin: 'CN' }, facts)).toBe(true);
    expect(subjectMatches({ kind: 'commodity', hsHeading: '2402', origin: 'AE' }, facts)).toBe(false);
  });
});

describe('the alert process', () => {
  test('raising leaves out the raiser from its recipients; matches add the countries on their routes', () => {
    const c = applyMatches(raised(), [transit, transit], AT);
    expect(c.view.recipients).toEqual(['CN', 'TJ', 'UZ']);
    expect(c.view.matches).toHaveLength(1);
    expect(c.notices).toEqual([
      { caseId: transit.caseId, kind: 'transit', transit: expect.objectContaining({ action: 'hold' }) },
    ]);
    expect(c.outbox.map((m) => m.destination)).toEqual(['partner:CN', 'partner:TJ', 'partner:UZ']);
  });
  test('refuses a result from an administration that does not control the match, and a second result', () => {
    const c = applyMatches(raised(), [transit], AT);
    const cmd = { caseId: transit.caseId, found: true, actor: 'uz-officer', country: 'UZ' };
    expect(recordResultRefusal(c, cmd)).toMatch(/controlled by KZ/);
    expect(recordResultRefusal(c, { ...cmd, caseId: 'transit/x' })).toMatch(/not a match/);
    const done = applyRecordResult(c, { ...cmd, country: 'KZ', actor: 'kz-officer', what: 'cigarettes' }, AT);
    expect(done.view.hits).toEqual({ controlled: 1, found: 1, rate: '1' });
    expect(recordResultRefusal(done, { ...cmd, country: 'KZ' })).toMatch(/already recorded/);
  });
  test('a result of another administration goes to the raiser; the movement is let go', () => {
    const foreign = { ...transit, caseId: 'transit/26CN000HOPIQGY0MA5', country: 'UZ' };
    const c = applyMatches(raised(), [foreign], AT);
    const done = applyRecordResult(
      { ...c, outbox: [], notices: [] },
      { caseId: foreign.caseId, found: false, actor: 'uz-officer', country: 'UZ' },
      AT,
    );
    expect(done.outbox.map((m) => [m.type, m.destination])).toEqual([
      ['intelligence-alert-result', 'partner:KZ'],
    ]);
    expect(done.notices[0].transit?.action).toBe('clear');
    expect(done.view.hits).toEqual({ controlled: 1, found: 0, rate: '0' });
  });
  test('an expired alert refuses new lodgement matches; after the grace period held movements are let go', () => {
    const c = applyExpiry(applyMatches(raised(), [transit], AT), AT);
    expect(c.view.state).toBe('EXPIRED');
    expect(recordMatchRefusal(c, transit)).toMatch(/EXPIRED/);
    const lapsed = applyLapse({ ...c, notices: [] }, AT);
    expect(lapsed.notices.map((n) => n.transit?.action)).toEqual(['clear']);
  });
  test('a lodgement match is recorded once and tells nobody', () => {
    const c = applyRecordMatch(applyRecordMatch(raised(), transit, AT), transit, AT);
    expect(c.view.matches.map((m) => m.via)).toEqual(['lodgement']);
    expect(c.notices).toEqual([]);
  });
});

describe('alerts as risk facts and transit holds', () => {
  test('a matched alert forces at least its channel and shows as a hit', () => {
    const d = { channel: 'GREEN', hits: [], explanation: [] } as unknown as RiskDecision;
    const out = withAlertFacts(d, [{ alertId: 'KZ-L1', channel: 'YELLOW', reason: 'r' }]);
    expect(out.channel).toBe('YELLOW');
    expect(out.hits).toEqual([{ ruleId: 'alert:KZ-L1', reason: 'r', forcedChannel: 'YELLOW' }]);
    const red = withAlertFacts({ ...d, channel: 'RED' }, [
      { alertId: 'KZ-L1', channel: 'YELLOW', reason: 'r' },
    ]);
    expect(red.channel).toBe('RED');
  });
  test('a held movement refuses crossing until the alert clears it; repeated notices change nothing', () => {
    const hold = { alertId: 'KZ-L1', action: 'hold' as const, reason: 'alert' };
    const once = applyAlertControl([], hold, AT);
    const twice = applyAlertControl(once.holds, hold, AT);
    expect(twice.entry).toBeUndefined();
    expect(alertHoldRefusal(twice.holds, 'border crossing')).toMatch(/KZ-L1/);
    const cleared = applyAlertControl(twice.holds, { ...hold, action: 'clear' }, AT);
    expect(alertHoldRefusal(cleared.holds, 'border crossing')).toBeUndefined();
  });
});

describe('at the door', () => {
  const body = {
    subject: { kind: 'container', number: 'CSQU3054384' },
    severity: 'HIGH',
    reason: 'seen before',
    validUntil: '2026-12-09T10:00:00Z',
    recipients: ['XX'],
  };
  test('a wrong check digit and an unknown country are named by path', () => {
    const res = RaiseAlertSchema.safeParse(body);
    expect(res.success).toBe(false);
    const paths = res.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['subject.number', 'recipients.0']));
  });
});

describe('who controls a matched movement', () => {
  const itinerary = [
    { office: 'CNURU001', country: 'CN', role: 'departure' as const },
    { office: 'KZKHO001', country: 'KZ', role: 'transit' as const, crossedAt: AT },
    { office: 'UZGSK001', country: 'UZ', role: 'transit' as const },
    { office: 'UZTAS001', country: 'UZ', role: 'destination' as const },
  ];
  test('the administration of the next office not crossed yet; before release, the departure', () => {
    expect(nextControlCountry({ state: 'RELEASED_FOR_TRANSIT', country: 'CN', itinerary })).toBe('UZ');
    expect(nextControlCountry({ state: 'UNDER_CONTROL', country: 'CN', itinerary })).toBe('CN');
  });
});
