import fs from 'node:fs';
import path from 'node:path';
import { nctsXsdDir, REPO_ROOT, SHARED_DIR } from '../../config/paths';
import { NctsSchemas } from '../../apps/api/ncts/xsd';
import { startTestStack, type TestStack } from '../support/api';
import { eventually } from '../support/temporal';
import { freshNctsGrn, kitGuarantee, postXml, readSample, toDemo } from '../support/ncts-kit';

/**
 * A movement in NCTS XML from end to end, over HTTP: IE015 -> IE928 -> IE028 -> IE029 -> IE007 ->
 * IE043 -> IE044 -> IE025 -> IE045 (write-off), the guarantee released. The one JSON call is the
 * border crossing at the office of transit, which no trader sends (IE118 is between administrations).
 */
let stack: TestStack;
let clearance: string;
let officer: string;
let stranger: string;
const schemas = new NctsSchemas(nctsXsdDir());

beforeAll(async () => {
  stack = await startTestStack('e2e-ncts-flow');
  clearance = stack.token({ role: 'clearance-system', countries: ['KZ', 'KG'] });
  officer = stack.token({ role: 'officer', countries: ['KG'], offices: ['KGAKZ001', 'KGBIS001'] });
  stranger = stack.token({ role: 'clearance-system', countries: ['KZ', 'KG'], sub: 'another-system' });
});
afterAll(async () => {
  await schemas.close();
  await stack?.close();
});

async function getXml(path: string, token: string) {
  const res = await fetch(stack.baseUrl + path, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/xml' },
  });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

/** The kit's simplified IE015 under a fresh guarantee, answered IE928 and released: its GRN, answer and MRN. */
async function lodgedAndReleased() {
  const grn = freshNctsGrn();
  const registered = await stack.request('POST', '/v1/guarantees', {
    token: clearance,
    body: kitGuarantee(grn),
  });
  expect(registered.status).toBe(202);
  const xml = toDemo(readSample('IE015-gb-t1-simplified-01'), { grn });
  const lodged = await postXml(stack.baseUrl, '/v1/transits', clearance, xml);
  expect({ status: lodged.status, message: lodged.headers.get('x-ncts-message') }).toEqual({
    status: 202,
    message: 'IE928',
  });
  const mrn = lodged.headers.get('x-clearway-mrn')!;
  const v = await eventually(
    async () => (await stack.request('GET', `/v1/transits/${mrn}`, { token: clearance })).body,
    (b) => b?.state === 'RELEASED_FOR_TRANSIT',
  );
  expect(v.state).toBe('RELEASED_FOR_TRANSIT');
  return { grn, lodged, mrn };
}

test('IE015 to write-off in XML: every answer valid against the XSD, the guarantee released', async () => {
  const { grn, lodged, mrn } = await lodgedAndReleased();
  expect(mrn).toMatch(/^26KZ[A-Z0-9]{12}J[0-9]$/);

  const ie029 = await getXml(`/v1/transits/${mrn}/messages?type=IE029`, clearance);
  expect(ie029.type).toMatch(/application\/xml/);
  expect(ie029.text).toContain(`<MRN>${mrn}</MRN>`);
  expect(ie029.text).toContain('<identifier>1234</identifier>');

  const crossed = await stack.request('POST', `/v1/transits/${mrn}/border-crossings`, {
    token: officer,
    body: { office: 'KGAKZ001', sealsIntact: true },
  });
  expect(crossed.status).toBe(200);

  const arrival = await postXml(
    stack.baseUrl,
    `/v1/transits/${mrn}/arrival`,
    officer,
    toDemo(readSample('IE007-gb-simplified-01'), { mrn, destinationActual: 'KGBIS001' }),
  );
  expect({ status: arrival.status, message: arrival.headers.get('x-ncts-message') }).toEqual({
    status: 200,
    message: 'IE043',
  });

  const remarks = await postXml(
    stack.baseUrl,
    `/v1/transits/${mrn}/unloading-remarks`,
    officer,
    toDemo(readSample('IE044-gb-conform-01'), { mrn, destinationActual: 'KGBIS001' }),
  );
  expect(remarks.status).toBe(202);

  const final = await eventually(
    async () => (await stack.request('GET', `/v1/transits/${mrn}`, { token: clearance })).body,
    (v) => v?.state === 'WRITTEN_OFF',
  );
  expect(final).toMatchObject({
    state: 'WRITTEN_OFF',
    closure: 'ARRIVAL',
    guarantee: { status: 'RELEASED' },
  });
  const balance = await eventually(
    async () => (await stack.request('GET', `/v1/guarantees/${grn}`, { token: clearance })).body,
    (b) => b?.reserved === '0.00',
  );
  expect(balance).toMatchObject({ reserved: '0.00', available: '1000000.00' });

  const listed = await stack.request('GET', `/v1/transits/${mrn}/messages`, { token: clearance });
  expect(listed.body.messages.map((m: { type: string }) => m.type)).toEqual([
    'IE928',
    'IE028',
    'IE029',
    'IE043',
    'IE025',
    'IE045',
  ]);
  for (const m of [...listed.body.messages.map((x: { xml: string }) => x.xml), lodged.text, arrival.text])
    expect((await schemas.validate(m)).issues).toEqual([]);

  const all = await getXml(`/v1/transits/${mrn}/messages`, clearance);
  expect(all.text.match(/<message type="IE\d{3}"/g)).toHaveLength(6);

  // owner-scoped like the movement: another clearance system does not see it
  expect((await stack.request('GET', `/v1/transits/${mrn}/messages`, { token: stranger })).status).toBe(404);
});

test('an IE007 before the crossing at the office of transit is refused as out of sequence: IE057, code 92, with the reason', async () => {
  const { mrn } = await lodgedAndReleased();
  const early = await postXml(
    stack.baseUrl,
    `/v1/transits/${mrn}/arrival`,
    officer,
    toDemo(readSample('IE007-gb-simplified-01'), { mrn, destinationActual: 'KGBIS001' }),
  );
  expect({ status: early.status, message: early.headers.get('x-ncts-message') }).toEqual({
    status: 409,
    message: 'IE057',
  });
  expect(early.text).toMatch(/<errorCode>92<\/errorCode>\s*<errorReason>CW-SEQ<\/errorReason>/);
  expect(early.text).toMatch(/no border crossing recorded yet at KGAKZ001/);
  expect((await schemas.validate(early.text)).issues).toEqual([]);
});

test('the README example: its guarantee and docs/examples/ncts-ie015.xml are accepted, IE928 then IE029', async () => {
  const guarantee = JSON.parse(
    fs
      .readFileSync(path.join(SHARED_DIR, 'examples', 'guarantee.json'), 'utf8')
      .replace('26KZ00000000000017', '26KZ0000000000017'),
  );
  expect([200, 202]).toContain(
    (await stack.request('POST', '/v1/guarantees', { token: clearance, body: guarantee })).status,
  );
  const xml = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'examples', 'ncts-ie015.xml'), 'utf8');
  const lodged = await postXml(stack.baseUrl, '/v1/transits', clearance, xml);
  expect({ status: lodged.status, message: lodged.headers.get('x-ncts-message') }).toEqual({
    status: 202,
    message: 'IE928',
  });
  const mrn = lodged.headers.get('x-clearway-mrn')!;
  await eventually(
    async () => (await stack.request('GET', `/v1/transits/${mrn}`, { token: clearance })).body,
    (v) => v?.state === 'RELEASED_FOR_TRANSIT',
  );
  const ie029 = await getXml(`/v1/transits/${mrn}/messages?type=IE029`, clearance);
  expect((await schemas.validate(ie029.text)).issues).toEqual([]);
});

test('a partner administration sends the arrival and unloading remarks as NCTS XML on /v1/exchange/messages', async () => {
  const partner = stack.token({ role: 'partner', countries: ['KG'] });
  const { mrn } = await lodgedAndReleased();
  const crossing = {
    messageId: `X-${mrn}-118`,
    mrn,
    type: 'IE118',
    body: { office: 'KGAKZ001', sealsIntact: true },
  };
  expect(
    (await stack.request('POST', '/v1/exchange/messages', { token: partner, body: crossing })).status,
  ).toBe(200);

  const arrival = toDemo(readSample('IE007-gb-simplified-01'), { mrn, destinationActual: 'KGBIS001' });
  const applied = await postXml(stack.baseUrl, '/v1/exchange/messages', partner, arrival);
  expect({ status: applied.status, body: JSON.parse(applied.text) }).toMatchObject({
    status: 200,
    body: { status: 'APPLIED', duplicate: false, state: 'ARRIVED' },
  });
  const again = await postXml(stack.baseUrl, '/v1/exchange/messages', partner, arrival);
  expect(JSON.parse(again.text)).toMatchObject({ status: 'APPLIED', duplicate: true });

  const bad = await postXml(
    stack.baseUrl,
    '/v1/exchange/messages',
    partner,
    toDemo(readSample('IE044-gb-xsdneg-invalid-unloading-date-01'), { destinationActual: 'KGBIS001' }),
  );
  expect({ status: bad.status, message: bad.headers.get('x-ncts-message') }).toEqual({
    status: 400,
    message: 'IE057',
  });
  expect(bad.text).toContain('<errorPointer>/ncts:CC044C/UnloadingRemark/unloadingDate</errorPointer>');

  const remarks = toDemo(readSample('IE044-gb-conform-01'), { mrn, destinationActual: 'KGBIS001' }).replace(
    /<messageIdentification>[^<]*</,
    `<messageIdentification>X-${mrn}-44<`,
  );
  const unloaded = await postXml(stack.baseUrl, '/v1/exchange/messages', partner, remarks);
  expect({ status: unloaded.status, body: JSON.parse(unloaded.text) }).toMatchObject({
    status: 200,
    body: { status: 'APPLIED' },
  });
  const final = await eventually(
    async () => (await stack.request('GET', `/v1/transits/${mrn}`, { token: clearance })).body,
    (v) => v?.state === 'WRITTEN_OFF',
  );
  expect(final).toMatchObject({ state: 'WRITTEN_OFF', guarantee: { status: 'RELEASED' } });
});

test('the dedicated routes: an IE013 and an IE014 after release are out of sequence, a message on the wrong route is named', async () => {
  const { mrn } = await lodgedAndReleased();
  const amend = await postXml(
    stack.baseUrl,
    `/v1/transits/${mrn}/amendments`,
    clearance,
    toDemo(readSample('IE013-gb-simplified-amendment-01'), { mrn }),
  );
  expect({ status: amend.status, message: amend.headers.get('x-ncts-message') }).toEqual({
    status: 409,
    message: 'IE056',
  });
  expect(amend.text).toMatch(/<businessRejectionType>013<\/businessRejectionType>/);
  expect(amend.text).toMatch(/<errorCode>92<\/errorCode>/);

  const invalidation = await postXml(
    stack.baseUrl,
    `/v1/transits/${mrn}/invalidation`,
    clearance,
    toDemo(readSample('IE014-gb-before-release-01'), { mrn }),
  );
  expect({ status: invalidation.status, message: invalidation.headers.get('x-ncts-message') }).toEqual({
    status: 409,
    message: 'IE056',
  });
  expect(invalidation.text).toMatch(/<businessRejectionType>014<\/businessRejectionType>/);
  expect(invalidation.text).toMatch(/<errorCode>92<\/errorCode>\s*<errorReason>CW-SEQ<\/errorReason>/);

  const wrong = await postXml(
    stack.baseUrl,
    `/v1/transits/${mrn}/presentation`,
    clearance,
    toDemo(readSample('IE014-gb-before-release-01'), { mrn }),
  );
  expect(wrong.text).toMatch(
    /<errorPointer>\/ncts:CC014C<\/errorPointer>\s*<errorCode>14<\/errorCode>\s*<errorReason>CW-MSG<\/errorReason>/,
  );
  for (const x of [amend.text, invalidation.text, wrong.text])
    expect((await schemas.validate(x)).issues).toEqual([]);
});
