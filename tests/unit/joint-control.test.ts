import type { JointControlInput } from '../../contracts';
import {
  acceptEntryRefusal,
  applyAcceptEntry,
  applyArrival,
  applyBookInspection,
  applyCrossingOutcome,
  applyDecisions,
  applyRecordInspection,
  applyRecordReinspection,
  applyReinspection,
  applySlaBreach,
  bookInspectionRefusal,
  combineDecisions,
  newJointCase,
  recordInspectionRefusal,
  recordReinspectionRefusal,
  reinspectionRefusal,
  stopReason,
  type JointCase,
} from '../../domain/joint-control';
import { jointPostRefusal } from '../../domain/joint-control/post-guard';
import { decision, jointInput } from '../workflows/joint-control-harness';

const T0 = '2026-12-02T08:00:00.000Z';
const T1 = '2026-12-02T09:00:00.000Z';
const arrived = (m: Partial<JointControlInput['movement']> = {}): JointCase =>
  applyArrival(newJointCase(jointInput(m), 'joint-control/KHORGOS/M'), T0);
const states = (c: JointCase) => c.view.timeline.filter((e) => e.type === 'state').map((e) => e.state);
const officers = [
  { country: 'CN', officer: 'Li Wei' },
  { country: 'KZ', officer: 'Aliev' },
];
const inspect = { actor: 'kz-1', country: 'KZ', result: 'CONFORM' as const, officers, sealsIntact: true };

/** Decided RED by KZ, the inspection booked. */
function booked(): JointCase {
  const c = applyDecisions(
    arrived(),
    { exit: decision('CN', 'GREEN'), entry: decision('KZ', 'RED', ['watch list']) },
    T0,
  );
  return applyBookInspection(c, { actor: 'cn-1', country: 'CN', slot: T1 }, T0);
}

describe('joint control: the two decisions', () => {
  test('the stricter channel applies and says which side set it', () => {
    const c = combineDecisions(decision('CN', 'YELLOW'), decision('KZ', 'RED'));
    expect(c).toMatchObject({ channel: 'RED', setBy: 'entry' });
    expect(c.reason).toBe("KZ (entry) decided RED, stricter than CN's YELLOW: the stricter channel applies");
    expect(combineDecisions(decision('CN', 'QUERY'), decision('KZ', 'YELLOW'))).toMatchObject({
      channel: 'QUERY',
      setBy: 'exit',
    });
    expect(combineDecisions(decision('CN', 'GREEN'), decision('KZ', 'GREEN'))).toMatchObject({
      setBy: 'both',
    });
  });

  test('no stop only for sealed goods with intact seals, green on both sides, of an AEO', () => {
    const m = jointInput({ aeo: true }).movement;
    expect(stopReason(m, 'GREEN')).toBeUndefined();
    expect(stopReason(m, 'BLUE')).toBe('channel BLUE');
    expect(stopReason({ ...m, seals: [] }, 'GREEN')).toBe('goods not sealed');
    expect(stopReason({ ...m, sealsIntact: false }, 'GREEN')).toBe('seals not intact');
    expect(stopReason({ ...m, aeo: false }, 'GREEN')).toMatch(/not an authorised economic operator/);
  });

  test('arrival tells the entry side; each side decision is in the timeline with its reasons', () => {
    const a = arrived();
    expect(a.outbox.map((m) => `${m.type}>${m.destination}`)).toEqual(['JOINT_CONTROL_OPENED>partner:KZ']);
    const c = applyDecisions(
      a,
      { exit: decision('CN', 'GREEN'), entry: decision('KZ', 'RED', ['watch list']) },
      T0,
    );
    expect(c.view).toMatchObject({ state: 'AWAITING_INSPECTION', channel: 'RED' });
    expect(c.view.timeline.filter((e) => e.type === 'risk-decision').map((e) => e.reason)).toEqual([
      'CN (exit) GREEN by profile demo-region v3: no rule hit',
      'KZ (entry) RED by profile demo-kz v3: watch list',
    ]);
    expect(c.view.pending?.action).toBe('book the joint physical inspection');
    expect(c.crossings).toEqual([]);
  });

  test('a sealed green AEO movement: exit confirmed and entry accepted from data, both crossings queued in route order', () => {
    const c = applyDecisions(
      arrived({ aeo: true }),
      { exit: decision('CN', 'GREEN'), entry: decision('KZ', 'GREEN') },
      T0,
    );
    expect(c.view).toMatchObject({
      state: 'ENTRY_ACCEPTED',
      noStop: true,
      exitConfirmedAt: T0,
      entryDecidedAt: T0,
    });
    expect(states(c)).toEqual(['ARRIVED', 'EXIT_CONFIRMED', 'ENTRY_ACCEPTED']);
    expect(c.crossings.map((x) => x.office)).toEqual(['CNKHO001', 'KZKHO001']);
    expect(bookInspectionRefusal(c, { actor: 'x', country: 'CN', slot: T1 })).toMatch(/ENTRY_ACCEPTED/);
  });
});

describe('joint control: one inspection, recognised by both sides', () => {
  test('booked once: a second booking is refused, and none before the decisions', () => {
    expect(bookInspectionRefusal(arrived(), { actor: 'x', country: 'CN', slot: T1 })).toMatch(/ARRIVED/);
    const c = booked();
    expect(c.view.inspection).toMatchObject({ kind: 'PHYSICAL', slot: T1, bookedBy: 'cn-1' });
    expect(bookInspectionRefusal(c, { actor: 'kz-1', country: 'KZ', slot: T1 })).toMatch(
      /already booked .* one inspection per movement/,
    );
  });

  test('the result names officers of both sides and is recorded once', () => {
    const c = booked();
    expect(recordInspectionRefusal(c, { ...inspect, officers: [officers[1]] })).toMatch(
      /both sides; none of CN/,
    );
    expect(
      recordInspectionRefusal(c, { ...inspect, officers: [...officers, { country: 'UZ', officer: 'X' }] }),
    ).toMatch(/UZ is of neither side/);
    const done = applyRecordInspection(c, inspect, T1);
    expect(done.view).toMatchObject({ state: 'EXIT_CONFIRMED', exitConfirmedAt: T1 });
    expect(done.crossings).toEqual([
      {
        jointControl: 'joint-control/KHORGOS/M',
        mrn: done.view.mrn,
        office: 'CNKHO001',
        officer: 'kz-1',
        sealsIntact: true,
      },
    ]);
    expect(recordInspectionRefusal(done, inspect)).toMatch(/already recorded \(CONFORM at .*\): once/);
  });

  test('a non-conform result refuses the exit and records no crossing', () => {
    const c = applyRecordInspection(
      booked(),
      { ...inspect, result: 'NON_CONFORM', findings: 'undeclared goods' },
      T1,
    );
    expect(c.view.state).toBe('EXIT_REFUSED');
    expect(c.crossings).toEqual([]);
    expect(c.view.timeline.at(-1)?.reason).toBe('exit refused on the joint inspection: undeclared goods');
  });

  test('only the entry side accepts entry; it accepts on the joint result', () => {
    const c = applyRecordInspection(booked(), inspect, T1);
    expect(acceptEntryRefusal(c, { actor: 'cn-1', country: 'CN' })).toMatch(/only the entry side \(KZ\)/);
    expect(acceptEntryRefusal(booked(), { actor: 'kz-1', country: 'KZ' })).toMatch(/INSPECTION_BOOKED/);
    const a = applyAcceptEntry(c, { actor: 'kz-1', country: 'KZ' }, T1);
    expect(a.view.state).toBe('ENTRY_ACCEPTED');
    expect(a.crossings.map((x) => x.office)).toEqual(['CNKHO001', 'KZKHO001']);
    expect(a.outbox.at(-1)).toMatchObject({ type: 'JOINT_ENTRY_ACCEPTED', destination: 'partner:CN' });
  });

  test('the entry side inspects again with a reason kept in the timeline; its result decides entry', () => {
    const c = applyRecordInspection(booked(), inspect, T1);
    const cmd = { actor: 'kz-1', country: 'KZ', reason: 'x-ray differs' };
    expect(reinspectionRefusal(c, { ...cmd, country: 'CN' })).toMatch(/only the entry side/);
    const r = applyReinspection(c, cmd, T1);
    expect(r.view.state).toBe('ENTRY_REINSPECTION');
    expect(r.view.timeline.at(-1)).toMatchObject({ actor: 'kz-1', data: { reason: 'x-ray differs' } });
    expect(reinspectionRefusal(r, cmd)).toMatch(/ENTRY_REINSPECTION/);
    expect(recordReinspectionRefusal(c, { actor: 'kz-1', country: 'KZ', result: 'CONFORM' })).toMatch(
      /EXIT_CONFIRMED/,
    );
    const refused = applyRecordReinspection(r, { actor: 'kz-1', country: 'KZ', result: 'NON_CONFORM' }, T1);
    expect(refused.view.state).toBe('ENTRY_REFUSED');
    expect(refused.crossings.map((x) => x.office)).toEqual(['CNKHO001']);
    const ok = applyRecordReinspection(
      r,
      { actor: 'kz-1', country: 'KZ', result: 'CONFORM', findings: 'fine' },
      T1,
    );
    expect(ok.view).toMatchObject({
      state: 'ENTRY_ACCEPTED',
      reinspection: { result: 'CONFORM', findings: 'fine' },
    });
  });
});

describe('joint control: crossings on the movement and SLA', () => {
  test('the movement answers each crossing in turn; a refusal is kept with its reason', () => {
    const c = applyRecordInspection(booked(), inspect, T1);
    const refused = applyCrossingOutcome(c, { ok: false, reason: 'not in transit' }, T1);
    expect(refused.crossings).toEqual([]);
    expect(refused.view.movementCrossings).toEqual([
      { office: 'CNKHO001', at: T1, ok: false, reason: 'not in transit' },
    ]);
    expect(refused.view.timeline.at(-1)?.type).toBe('movement-crossing-refused');
  });

  test('a first breach marks the case stuck, a second escalates; entering the next state clears the mark', () => {
    const s = applySlaBreach(booked(), 1, T1);
    expect(s.view).toMatchObject({ stuck: true, stuckSince: T1 });
    expect(applySlaBreach(s, 2, T1).view.escalations).toBe(1);
    const next = applyRecordInspection(s, inspect, T1);
    expect(next.view.stuck).toBe(false);
    expect(next.view.stuckSince).toBeUndefined();
  });
});

describe('joint control: the movement refuses a crossing at a joint post that its joint control does not record', () => {
  const notice = {
    jointControl: 'joint-control/KHORGOS/M',
    border: 'KHORGOS',
    offices: ['CNKHO001', 'KZKHO001'],
  };
  test('an officer alone is refused at either post; the joint control passes; other offices are untouched', () => {
    expect(jointPostRefusal([notice], { office: 'KZKHO001', officer: 'kz-1' })).toMatch(
      /KZKHO001 is a joint post of KHORGOS; the joint control joint-control\/KHORGOS\/M records this crossing/,
    );
    expect(
      jointPostRefusal([notice], { office: 'CNKHO001', officer: 'x', jointControl: notice.jointControl }),
    ).toBeUndefined();
    expect(jointPostRefusal([notice], { office: 'KGAKZ001', officer: 'kg-1' })).toBeUndefined();
    expect(jointPostRefusal([], { office: 'KZKHO001', officer: 'kz-1' })).toBeUndefined();
  });
});
