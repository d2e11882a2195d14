import {
  applyMessage,
  arrivalRecordClosed,
  newArrivalRecord,
  receiveMessage,
} from '../../domain/transit/arrival-record';

const AT = '2026-11-28T10:00:00.000Z';
const record = () =>
  newArrivalRecord(
    {
      mrn: '26CN00000000000018',
      officeOfDestination: 'KGBIS001',
      movementCaseId: 'transit/26CN00000000000018',
    },
    'arrival/26CN00000000000018',
  );
const message = (messageId: string, type: string, payload: Record<string, unknown> = {}) => ({
  messageId,
  type,
  from: 'office:CNURU001',
  sentAt: AT,
  payload,
});

describe('arrival record (office of destination): the exchange signal and each message as pure applies', () => {
  test('a message id seen before is counted and dropped; a message without an id is ignored', () => {
    const r = record();
    expect(receiveMessage(r, message('m1', 'IE043'))).toBe('queued');
    expect(receiveMessage(r, message('m1', 'IE043'))).toBe('duplicate');
    expect(receiveMessage(r, { type: 'IE043' } as any)).toBe('ignored');
    expect(r.inbox).toHaveLength(1);
    expect(r.view.duplicatesIgnored).toBe(1);
  });

  test('the anticipated arrival record fills the record and keeps it ANTICIPATED until the time limit', () => {
    const r = record();
    const entries = applyMessage(
      r,
      message('aar', 'ANTICIPATED_ARRIVAL_RECORD', {
        officeOfDeparture: 'CNURU001',
        itinerary: ['CNURU001', 'KGBIS001'],
        seals: ['S1'],
        timeLimit: '2026-12-04T10:00:00.000Z',
        items: [{ seq: 1 }],
      }),
      AT,
    );
    expect(entries).toEqual([
      {
        type: 'state',
        state: 'ANTICIPATED',
        actor: 'office:CNURU001',
        reason: 'anticipated arrival record received: expected by 2026-12-04T10:00:00.000Z',
      },
    ]);
    expect(r.view).toMatchObject({
      officeOfDeparture: 'CNURU001',
      seals: ['S1'],
      expectedBy: '2026-12-04T10:00:00.000Z',
      items: [{ seq: 1 }],
    });
    expect(r.view.received).toEqual([
      { messageId: 'aar', type: 'ANTICIPATED_ARRIVAL_RECORD', from: 'office:CNURU001', at: AT },
    ]);
  });

  test('IE043, IE140 and IE045 enter ARRIVED, ENQUIRY and WRITTEN_OFF (closed, with the closure); others are recorded', () => {
    const r = record();
    expect(applyMessage(r, message('a', 'IE043', { seals: ['S2'] }), AT)[0].state).toBe('ARRIVED');
    expect(r.view.seals).toEqual(['S2']);
    expect(applyMessage(r, message('b', 'IE140', { timeLimit: 'T' }), AT)[0]).toMatchObject({
      state: 'ENQUIRY',
      reason: 'IE140 enquiry opened: the time limit T passed without arrival',
    });
    expect(applyMessage(r, message('c', 'IE999'), AT)).toEqual([
      {
        type: 'exchange-message',
        actor: 'office:CNURU001',
        reason: 'IE999 received',
        data: { messageId: 'c' },
      },
    ]);
    expect(applyMessage(r, message('d', 'IE045', { closure: 'RECOVERY' }), AT)[0]).toMatchObject({
      state: 'WRITTEN_OFF',
      reason: 'IE045 movement written off (RECOVERY)',
    });
    expect(r.view.closure).toBe('RECOVERY');
    r.view.state = 'WRITTEN_OFF';
    expect(arrivalRecordClosed(r)).toBe(true);
  });
});
