import type { AlertMatch } from '../../contracts/alert';
import { alertEntitlementRefusal } from '../../domain/exchange/alert-entitlement';

const alertId = 'KZ-L0123456789ABCDEF';
const mrn = '26CNJ1234567890AB4';
const alert = (country: string) => ({ type: 'ALERT' as const, alertId, body: { alertId, country } });
const result = (country: string, about = mrn) => ({
  type: 'ALERTRESULT' as const,
  alertId,
  body: { alertId, country, mrn: about },
});
const match = (country: string): AlertMatch => ({
  caseId: `declaration/${mrn}`,
  kind: 'declaration',
  mrn,
  country,
  route: [country],
  via: 'lodgement',
  matchedAt: '2026-12-02T10:00:00.000Z',
});

test('an alert only from its raiser: the alert id names it, and so does the body', () => {
  expect(alertEntitlementRefusal('KZ', 'CN', alert('KZ'))).toBeUndefined();
  expect(alertEntitlementRefusal('CN', 'KZ', alert('KZ'))).toEqual({
    code: 'NOT_ENTITLED',
    text: 'CN may send only the alerts it raised',
  });
  expect(alertEntitlementRefusal('CN', 'KZ', alert('CN'))?.code).toBe('NOT_ENTITLED');
  expect(
    alertEntitlementRefusal('KZ', 'CN', {
      ...alert('KZ'),
      body: { alertId: 'KZ-L0000000000000000', country: 'KZ' },
    }),
  ).toEqual({ code: 'NOT_ENTITLED', text: `the body is about KZ-L0000000000000000, not ${alertId}` });
});

test("a result only in the sender's own name, for an alert the receiver raised, about no other's match", () => {
  const raised = { country: 'KZ', matches: [] };
  expect(alertEntitlementRefusal('CN', 'KZ', result('CN'), raised)).toBeUndefined();
  expect(
    alertEntitlementRefusal('CN', 'KZ', result('CN'), { country: 'KZ', matches: [match('CN')] }),
  ).toBeUndefined();
  expect(alertEntitlementRefusal('CN', 'KZ', result('KZ'), raised)).toEqual({
    code: 'NOT_ENTITLED',
    text: 'CN reports control results only for itself',
  });
  expect(alertEntitlementRefusal('CN', 'KZ', result('CN'))).toEqual({
    code: 'UNKNOWN_MOVEMENT',
    text: `no alert ${alertId}`,
  });
  expect(alertEntitlementRefusal('CN', 'UZ', result('CN'), raised)).toEqual({
    code: 'NOT_ENTITLED',
    text: `alert ${alertId} was not raised by UZ`,
  });
  expect(
    alertEntitlementRefusal('CN', 'KZ', result('CN'), { country: 'KZ', matches: [match('UZ')] }),
  ).toEqual({
    code: 'NOT_ENTITLED',
    text: `${mrn} is controlled by UZ`,
  });
});
