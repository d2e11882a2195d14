import { canonicalJson, contentOf, envelopeProblems, isFresh } from '../../domain/exchange/envelope';
import { entitlementRefusal } from '../../domain/exchange/entitlement';
import { buildItinerary } from '../../domain/transit/itinerary';

const envelope = {
  sender: 'KZ',
  receiver: 'CN',
  type: 'IE118',
  messageId: 'KZ-1',
  correlation: '22ITZXBZYUTJFLJXK6',
  time: '2026-12-02T10:00:00.000Z',
  body: { office: 'KZKHO001', sealsIntact: true },
};

test('canonical JSON orders keys at every level and drops nothing but undefined', () => {
  expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe(
    '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
  );
  expect(canonicalJson({ b: 2, a: 1 })).toBe(canonicalJson({ a: 1, b: 2 }));
  expect(() => canonicalJson({ n: Number.NaN })).toThrow(/not a JSON number/);
});

test('the content of a message is everything but its signing time', () => {
  expect(contentOf(envelope)).toBe(contentOf({ ...envelope, time: '2026-12-02T11:00:00.000Z' }));
  expect(contentOf(envelope)).not.toBe(
    contentOf({ ...envelope, body: { office: 'KZKHO001', sealsIntact: false } }),
  );
  expect(contentOf(envelope)).not.toBe(contentOf({ ...envelope, receiver: 'KG' }));
});

test('an envelope names each missing, malformed or unexpected field', () => {
  expect(envelopeProblems(envelope)).toEqual([]);
  expect(envelopeProblems({ ...envelope, sender: 'kz', time: 'yesterday', extra: 1 })).toEqual([
    'sender: missing or malformed',
    'time: missing or malformed',
    'unexpected fields: extra',
  ]);
  expect(envelopeProblems([])).toEqual(['payload: not a JSON object']);
});

test('freshness is a window either side of the receiver’s clock', () => {
  const now = new Date('2026-12-02T10:00:00Z');
  expect(isFresh('2026-12-02T09:56:00Z', now, 300_000)).toBe(true);
  expect(isFresh('2026-12-02T10:04:00Z', now, 300_000)).toBe(true);
  expect(isFresh('2026-12-02T09:54:59Z', now, 300_000)).toBe(false);
  expect(isFresh('2026-12-02T10:05:01Z', now, 300_000)).toBe(false);
});

describe('entitlement to a movement', () => {
  const route = buildItinerary({
    officeOfDeparture: 'CNURU001',
    officesOfTransit: ['KZKHO001', 'KGAKZ001'],
    officeOfDestination: 'KGBIS001',
  });

  test('a crossing only from the country of one of its offices of transit, at that office', () => {
    expect(entitlementRefusal('KZ', 'IE118', { office: 'KZKHO001' }, route)).toBeUndefined();
    expect(entitlementRefusal('KG', 'IE118', { office: 'KZKHO001' }, route)).toMatchObject({
      code: 'NOT_ENTITLED',
      text: 'KG may not report a crossing at KZKHO001',
    });
    expect(entitlementRefusal('TJ', 'IE118', { office: 'TJDUS001' }, route)?.code).toBe('NOT_ENTITLED');
    expect(entitlementRefusal('CN', 'IE118', { office: 'CNURU001' }, route)?.code).toBe('NOT_ENTITLED');
  });

  test('arrival and unloading results only from the country of destination, at its office', () => {
    expect(entitlementRefusal('KG', 'IE006', { office: 'KGBIS001' }, route)).toBeUndefined();
    expect(entitlementRefusal('KG', 'IE018', { office: 'KGBIS001' }, route)).toBeUndefined();
    expect(entitlementRefusal('KZ', 'IE006', { office: 'KGBIS001' }, route)?.code).toBe('NOT_ENTITLED');
    expect(entitlementRefusal('KG', 'IE006', { office: 'KGAKZ001' }, route)?.text).toBe(
      'KGAKZ001 is not the office of destination',
    );
  });

  test('an incident only from a country on the route, about its own territory', () => {
    expect(entitlementRefusal('KZ', 'IE182', { country: 'KZ' }, route)).toBeUndefined();
    expect(entitlementRefusal('KZ', 'IE182', { country: 'KG' }, route)?.code).toBe('NOT_ENTITLED');
    expect(entitlementRefusal('UZ', 'IE182', { country: 'UZ' }, route)?.code).toBe('NOT_ENTITLED');
  });

  test('a type the exchange does not take is unsupported', () => {
    expect(entitlementRefusal('KZ', 'IE999', {}, route)?.code).toBe('UNSUPPORTED_TYPE');
  });
});
