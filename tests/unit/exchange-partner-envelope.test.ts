import { envelopeFor, partnerOf } from '../../activities/outbox/partner-sender';
import type { OutgoingMessage } from '../../activities/outbox/senders';
import { correlationOf } from '../../domain/exchange/correlation';
import { envelopeProblems } from '../../domain/exchange/envelope';
import { exchangeTypeOf, outboxTypeOf } from '../../domain/exchange/message-types';

const at = new Date('2026-12-02T10:00:00.000Z');
const mrn = '26CNJ1234567890AB4';
const message = (m: Partial<OutgoingMessage>): OutgoingMessage => ({
  messageId: `transit/${mrn}/AAR/KZALA001`,
  caseId: `transit/${mrn}`,
  destination: 'office:KZALA001',
  type: 'ANTICIPATED_ARRIVAL_RECORD',
  payload: { mrn, officeOfDeparture: 'CNURU001' },
  createdAt: at,
  attempts: 0,
  ...m,
});

test('a partner destination: partner:<CC>, or an office of another administration (its country)', () => {
  expect(partnerOf('partner:KZ')).toEqual({ cc: 'KZ' });
  expect(partnerOf('office:KZALA001')).toEqual({ cc: 'KZ', office: 'KZALA001' });
  expect(partnerOf('holder:CN123')).toBeUndefined();
  expect(partnerOf('office:KZ')).toBeUndefined();
});

test("Clearway's records cross as NCTS types and map back; other types keep their names", () => {
  expect(exchangeTypeOf('ANTICIPATED_ARRIVAL_RECORD')).toBe('IE001');
  expect(exchangeTypeOf('ANTICIPATED_TRANSIT_RECORD')).toBe('IE050');
  expect(exchangeTypeOf('IE043')).toBe('IE043');
  expect(outboxTypeOf('IE001')).toBe('ANTICIPATED_ARRIVAL_RECORD');
  expect(outboxTypeOf('IE045')).toBe('IE045');
});

test("an office's record: signed by the MRN's administration, typed IE001, the office in the body", () => {
  expect(envelopeFor(message({}), 'KZ', at)).toEqual({
    sender: 'CN',
    receiver: 'KZ',
    type: 'IE001',
    messageId: `transit/${mrn}/AAR/KZALA001`,
    correlation: mrn,
    time: at.toISOString(),
    body: { mrn, officeOfDeparture: 'CNURU001', office: 'KZALA001' },
  });
});

test("a command forwarded from the destination's arrival record: signed by the named sender, body as given", () => {
  const forwarded = message({
    caseId: `arrival/${mrn}`,
    destination: 'partner:CN',
    type: 'IE006',
    payload: { sender: 'KZ', office: 'KZALA001' },
  });
  expect(envelopeFor(forwarded, 'CN', at)).toMatchObject({
    sender: 'KZ',
    receiver: 'CN',
    type: 'IE006',
    correlation: mrn,
    body: { office: 'KZALA001' },
  });
});

test('an alert and its result: correlated by the alert id, signed by the raiser and by the controlling administration', () => {
  const alertId = 'KZ-L0123456789ABCDEF';
  expect(correlationOf(`alert/${alertId}`)).toEqual({ kind: 'alert', value: alertId });
  expect(correlationOf(`transit/${mrn}`)).toEqual({ kind: 'mrn', value: mrn });
  expect(correlationOf('alert/not-an-id')).toBeUndefined();

  const alert = message({
    messageId: `alert/${alertId}/alert/CN`,
    caseId: `alert/${alertId}`,
    destination: 'partner:CN',
    type: 'intelligence-alert',
    payload: { alertId, country: 'KZ', severity: 'HIGH' },
  });
  const envelope = envelopeFor(alert, 'CN', at);
  expect(envelopeProblems(envelope)).toEqual([]);
  expect(envelope).toEqual({
    sender: 'KZ',
    receiver: 'CN',
    type: 'ALERT',
    messageId: `alert/${alertId}/alert/CN`,
    correlation: alertId,
    time: at.toISOString(),
    body: { alertId, country: 'KZ', severity: 'HIGH' },
  });
  const result = message({
    messageId: `alert/${alertId}/result/declaration/${mrn}`,
    caseId: `alert/${alertId}`,
    destination: 'partner:KZ',
    type: 'intelligence-alert-result',
    payload: { alertId, mrn, found: true, actor: 'cn-officer', country: 'CN' },
  });
  expect(envelopeFor(result, 'KZ', at)).toMatchObject({
    sender: 'CN',
    type: 'ALERTRESULT',
    correlation: alertId,
  });
  expect(envelopeFor(message({ caseId: 'alert/KZ-L0123', payload: {} }), 'KZ', at)).toBe(
    'case alert/KZ-L0123 names no MRN or alert to correlate the message with',
  );
});
