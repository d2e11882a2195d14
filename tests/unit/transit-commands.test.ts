import {
  applyArrival,
  applyBorderCrossing,
  applyDepartureControl,
  applyEnquiryAnswer,
  applyGuaranteeAmendment,
  applyIncident,
  applyResolution,
  applyUnloadingRemarks,
  arrivalNotificationRefusal,
  borderCrossingRefusal,
  departureControlRefusal,
  discrepancyResolutionRefusal,
  enquiryAnswerRefusal,
  guaranteeAmendmentRefusal,
  incidentReportRefusal,
  unloadingRemarksRefusal,
} from '../../domain/transit/commands';
import { hasArrived, movementClosed, newMovement, type MovementState } from '../../domain/transit/movement';
import type { TransitState } from '../../domain/transit/rules';
import { TransitDeclarationSchema } from '../../domain/schemas/transit';
import { example } from '../support/examples';

const AT = '2026-11-28T10:00:00.000Z';

function movement(state: TransitState, mutate: (t: any) => void = () => undefined): MovementState {
  const t = JSON.parse(JSON.stringify(example('transit.json')));
  mutate(t);
  const s = newMovement(
    {
      mrn: '26CN00000000000018',
      declaration: TransitDeclarationSchema.parse(t),
      payloadHash: 'h',
      lodgedAt: AT,
      lodgedBy: 'cs',
      settings: { timeLimitMs: 1, amendmentDeadlineMs: 1, enquiryResponseMs: 1, discrepancyResolutionMs: 1 },
    },
    'transit/26CN00000000000018',
  );
  s.view.state = state;
  return s;
}

const crossed = (s: MovementState) => {
  for (const stop of s.view.itinerary) if (stop.role === 'transit') stop.crossedAt = AT;
  return s;
};

describe('transit movement: one pure refusal/apply pair per update', () => {
  test('the movement as lodged: guarantee pending, seals from the declaration, itinerary, nothing waited on yet', () => {
    const s = movement('LODGED');
    expect(s.view.guarantee).toEqual({
      type: '1',
      grn: '26KZ00000000000017',
      amount: '18500.00',
      currency: 'USD',
      status: 'PENDING',
    });
    expect(s.view.seals).toEqual(['CNS000101', 'CNS000102']);
    expect(s.view.itinerary.map((x) => x.office)).toEqual(['CNURU001', 'KZKHO001', 'KGAKZ001', 'KGBIS001']);
    expect(s).toMatchObject({
      tir: false,
      amended: false,
      enquiryAnswered: false,
      resolved: false,
      entered: 0,
      arrivalRecordSent: false,
    });
    expect(movementClosed(s)).toBe(false);
    expect(movementClosed(movement('NOT_RELEASED'))).toBe(true);
  });

  test('an amendment is taken only while the guarantee is refused, and a non-waiver needs a GRN', () => {
    const amendment = { by: 'cs', guarantee: { type: '1', grn: '26KZ00000000000099', accessCode: '1111' } };
    expect(guaranteeAmendmentRefusal(movement('ACCEPTED'), amendment)).toMatch(/amendment refused/);
    expect(
      guaranteeAmendmentRefusal(movement('GUARANTEE_REFUSED'), { by: 'cs', guarantee: { type: '2' } }),
    ).toBe('guarantee type 2 needs a GRN');
    const s = movement('GUARANTEE_REFUSED');
    expect(guaranteeAmendmentRefusal(s, amendment)).toBeUndefined();
    const entries = applyGuaranteeAmendment(s, amendment);
    expect(s.amended).toBe(true);
    expect(s.guaranteeRef.grn).toBe('26KZ00000000000099');
    expect(s.view.guarantee).toEqual({ type: '1', grn: '26KZ00000000000099', status: 'PENDING' });
    expect(entries).toEqual([
      {
        type: 'amended',
        actor: 'cs',
        reason: 'IE013 amendment: guarantee reference',
        data: { grn: '26KZ00000000000099', type: '1' },
      },
    ]);
  });

  test('a conform control of unidentified goods must record seals; the result joins the seals and is remembered', () => {
    const unsealed = movement('UNDER_CONTROL', (t) => (t.transport.seals = []));
    const conform = { office: 'CNURU001', officer: 'o', result: 'CONFORM' as const };
    expect(departureControlRefusal(unsealed, conform)).toMatch(/must record the seals affixed/);
    expect(departureControlRefusal(unsealed, { ...conform, office: 'KZKHO001', seals: ['S1'] })).toMatch(
      /not the office of departure/,
    );
    expect(departureControlRefusal(movement('RELEASED_FOR_TRANSIT'), conform)).toMatch(
      /no control is pending/,
    );
    expect(departureControlRefusal(unsealed, { ...conform, seals: ['S1'] })).toBeUndefined();
    expect(applyDepartureControl(unsealed, { ...conform, seals: ['S1', 'S1'] })).toEqual([
      {
        type: 'control-result',
        actor: 'o',
        reason: 'CONFORM',
        data: { result: 'CONFORM', seals: ['S1', 'S1'] },
      },
    ]);
    expect(unsealed.view.seals).toEqual(['S1']);
    expect(unsealed.control?.result).toBe('CONFORM');
  });

  test('a crossing marks the next office of transit; in TIR mode it ends one country operation and starts the next', () => {
    const s = movement('RELEASED_FOR_TRANSIT', (t) => {
      t.declarationType = 'TIR';
      t.guarantee.type = 'B';
    });
    const c = { office: 'KZKHO001', officer: 'kz' };
    expect(borderCrossingRefusal(s, { office: 'KGAKZ001', officer: 'kg' })).toMatch(
      /must cross KZKHO001 before KGAKZ001/,
    );
    expect(borderCrossingRefusal(s, c)).toBeUndefined();
    const entries = applyBorderCrossing(s, c, AT);
    expect(s.view.itinerary[1]).toMatchObject({ crossedAt: AT, crossedBy: 'kz', sealsIntact: true });
    expect(entries.map((e) => e.type)).toEqual([
      'border-crossing',
      'tir-operation-terminated',
      'tir-operation-started',
    ]);
    expect(s.view.tirOperations).toEqual([
      { country: 'CN', action: 'terminated', office: 'KZKHO001', at: AT },
      { country: 'KZ', action: 'started', office: 'KZKHO001', at: AT },
    ]);
    expect(borderCrossingRefusal(s, c)).toMatch(/already recorded/);
  });

  test('an incident is taken in transit or during an enquiry, in a country of routing; new seals replace the old', () => {
    const i = {
      type: 'TRANSHIPMENT',
      description: 'moved to another truck',
      country: 'KZ',
      officer: 'kz',
      newSeals: ['N1'],
    };
    expect(incidentReportRefusal(movement('ACCEPTED'), i)).toMatch(/not been released/);
    expect(incidentReportRefusal(movement('ENQUIRY'), { ...i, country: 'UZ' })).toMatch(
      /UZ is not a country of routing \(CN, KZ, KG\)/,
    );
    const s = movement('RELEASED_FOR_TRANSIT');
    expect(incidentReportRefusal(s, i)).toBeUndefined();
    expect(applyIncident(s, i, AT)[0]).toMatchObject({
      type: 'incident',
      reason: 'IE182 incident in KZ: moved to another truck',
    });
    expect(s.view.incidents).toEqual([
      {
        seq: 1,
        at: AT,
        type: 'TRANSHIPMENT',
        description: 'moved to another truck',
        country: 'KZ',
        by: 'kz',
        newSeals: ['N1'],
      },
    ]);
    expect(s.view.seals).toEqual(['N1']);
  });

  test('arrival after every crossing enters ARRIVED; during an enquiry it is recorded as late first', () => {
    const a = { office: 'KGBIS001', officer: 'kg' };
    expect(arrivalNotificationRefusal(movement('RELEASED_FOR_TRANSIT'), a)).toMatch(
      /no border crossing recorded yet/,
    );
    const s = crossed(movement('ENQUIRY'));
    expect(arrivalNotificationRefusal(s, a)).toBeUndefined();
    const entries = applyArrival(s, a, AT);
    expect(entries.map((e) => `${e.type}${e.state ? `:${e.state}` : ''}`)).toEqual([
      'late-arrival',
      'state:ARRIVED',
    ]);
    expect(s.view.arrival).toEqual({ office: 'KGBIS001', at: AT, by: 'kg' });
    s.view.state = 'ARRIVED';
    expect(hasArrived(s)).toBe(true);
    expect(arrivalNotificationRefusal(s, a)).toMatch(/already notified/);
  });

  test('unloading remarks: items named must be on the movement; discrepancies enter DISCREPANCIES, resolved once', () => {
    const s = movement('ARRIVED');
    const u = {
      office: 'KGBIS001',
      officer: 'kg',
      conform: false,
      discrepancies: [{ itemSeq: 2, description: 'short' }],
    };
    expect(unloadingRemarksRefusal(s, { ...u, discrepancies: [{ itemSeq: 7, description: 'x' }] })).toMatch(
      /item 7, which is not on the movement \(items 1, 2\)/,
    );
    expect(unloadingRemarksRefusal(movement('RELEASED_FOR_TRANSIT'), u)).toMatch(/goods have not arrived/);
    expect(unloadingRemarksRefusal(s, u)).toBeUndefined();
    expect(applyUnloadingRemarks(s, u, AT).map((e) => e.state ?? e.type)).toEqual([
      'unloading-remarks',
      'DISCREPANCIES',
    ]);
    expect(s.view.unloading).toMatchObject({ conform: false, discrepancies: u.discrepancies });
    s.view.state = 'DISCREPANCIES';
    expect(unloadingRemarksRefusal(s, u)).toMatch(/resolve the discrepancies instead/);
    const r = { office: 'KGBIS001', officer: 'kg', resolution: 'found in the depot' };
    expect(discrepancyResolutionRefusal(s, { ...r, office: 'KGAKZ001' })).toMatch(
      /not the office of destination/,
    );
    expect(discrepancyResolutionRefusal(s, r)).toBeUndefined();
    expect(applyResolution(s, r)).toEqual([
      { type: 'discrepancies-resolved', actor: 'kg', reason: 'found in the depot' },
    ]);
    expect(s.resolved).toBe(true);
    expect(s.view.unloading?.resolution).toBe('found in the depot');
  });

  test('conform unloading remarks make no state entry: the main flow writes the movement off', () => {
    const s = movement('ARRIVED');
    expect(applyUnloadingRemarks(s, { office: 'KGBIS001', officer: 'kg', conform: true }, AT)).toEqual([
      {
        type: 'unloading-remarks',
        actor: 'kg',
        reason: 'IE044 unloading remarks: conform',
        data: { conform: true, discrepancies: [] },
      },
    ]);
  });

  test('the enquiry is answered once, only while it is open', () => {
    expect(enquiryAnswerRefusal(movement('RELEASED_FOR_TRANSIT'))).toMatch(/no enquiry is open/);
    const s = movement('ENQUIRY');
    s.view.enquiry = { openedAt: AT };
    expect(enquiryAnswerRefusal(s)).toBeUndefined();
    const proof = { kind: 'import declaration', reference: '26KG00000000000011' };
    expect(applyEnquiryAnswer(s, { by: 'holder', proof }, AT)[0].reason).toBe(
      'IE141 enquiry response with proof: import declaration 26KG00000000000011',
    );
    expect(s.enquiryAnswered).toBe(true);
    expect(s.view.enquiry.answer).toEqual({ at: AT, by: 'holder', proof });
    expect(enquiryAnswerRefusal(s)).toMatch(/already answered/);
  });
});
