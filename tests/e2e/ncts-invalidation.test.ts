import { nctsXsdDir } from '../../config/paths';
import { NctsSchemas } from '../../apps/api/ncts/xsd';
import { startTestStack, type TestStack } from '../support/api';
import { eventually } from '../support/temporal';
import { freshNctsGrn, kitGuarantee, postXml, readSample, toDemo } from '../support/ncts-kit';

/**
 * IE014 over HTTP, in XML and in JSON: a declaration not yet released is invalidated (IE009, the
 * guarantee reservation released); after release the request is refused (IE056 code 92, or a 409).
 */
let stack: TestStack;
let clearance: string;
let stranger: string;
const schemas = new NctsSchemas(nctsXsdDir());

beforeAll(async () => {
  stack = await startTestStack('e2e-ncts-invalidation');
  clearance = stack.token({ role: 'clearance-system', countries: ['KZ', 'KG'] });
  stranger = stack.token({ role: 'clearance-system', countries: ['KZ', 'KG'], sub: 'another-system' });
});
afterAll(async () => {
  await schemas.close();
  await stack?.close();
});

const view = (mrn: string) =>
  eventually(
    async () => (await stack.request('GET', `/v1/transits/${mrn}`, { token: clearance })).body,
    (b) => typeof b?.state === 'string',
  );
const inState = (mrn: string, state: string) =>
  eventually(
    async () => (await stack.request('GET', `/v1/transits/${mrn}`, { token: clearance })).body,
    (b) => b?.state === state,
  );

/** A kit IE015 lodged as XML (a pre-lodged one waits for its goods): its MRN. */
async function lodged(sample: string) {
  const grn = freshNctsGrn();
  expect(
    (await stack.request('POST', '/v1/guarantees', { token: clearance, body: kitGuarantee(grn) })).status,
  ).toBe(202);
  const res = await postXml(stack.baseUrl, '/v1/transits', clearance, toDemo(readSample(sample), { grn }));
  expect(res.status).toBe(202);
  return res.headers.get('x-clearway-mrn')!;
}

async function expectValid(xml: string) {
  expect((await schemas.validate(xml)).issues).toEqual([]);
}

test('XML: presented (IE170 -> IE028), then an IE014 under control is answered IE009, the reservation released; a second one is refused out of sequence', async () => {
  const mrn = await lodged('IE015-gb-t1-prelodged-simplified-01');
  const { lrn } = await inState(mrn, 'AWAITING_PRESENTATION');
  const ie170 = await postXml(
    stack.baseUrl,
    `/v1/transits/${mrn}/presentation`,
    clearance,
    toDemo(readSample('IE170-gb-simplified-01'), { lrn }),
  );
  expect({ status: ie170.status, message: ie170.headers.get('x-ncts-message') }).toEqual({
    status: 200,
    message: 'IE028',
  });
  await expectValid(ie170.text);
  // No seals: the goods are examined, the guarantee reserved meanwhile.
  expect((await inState(mrn, 'UNDER_CONTROL')).guarantee.status).toBe('RESERVED');
  const ie014 = toDemo(readSample('IE014-gb-before-release-01'), { mrn });
  const res = await postXml(stack.baseUrl, `/v1/transits/${mrn}/invalidation`, clearance, ie014);
  expect({ status: res.status, message: res.headers.get('x-ncts-message') }).toEqual({
    status: 200,
    message: 'IE009',
  });
  expect(res.text).toContain(`<MRN>${mrn}</MRN>`);
  expect(res.text).toContain('<decision>1</decision>');
  expect(res.text).toContain('<justification>Container broken</justification>');
  await expectValid(res.text);
  const v = await eventually(
    () => view(mrn),
    (b) => b.guarantee.status === 'RELEASED',
  );
  expect(v).toMatchObject({ state: 'INVALIDATED', invalidation: { justification: 'Container broken' } });
  const listed = await stack.request('GET', `/v1/transits/${mrn}/messages`, { token: clearance });
  expect(listed.body.messages.map((m: { type: string }) => m.type)).toEqual([
    'IE928',
    'IE028',
    'IE060',
    'IE009',
  ]);

  const again = await postXml(stack.baseUrl, `/v1/transits/${mrn}/messages`, clearance, ie014);
  expect({ status: again.status, message: again.headers.get('x-ncts-message') }).toEqual({
    status: 409,
    message: 'IE056',
  });
  expect(again.text).toMatch(/<errorCode>92<\/errorCode>\s*<errorReason>CW-SEQ</);
  // The workflow may still be closing (refused by its validator) or closed already (refused at the door).
  expect(again.text).toMatch(/<rejectionReason>[^<]*(already invalidated|closed \(INVALIDATED\))/);
  await expectValid(again.text);
});

test('XML: an IE014 after release is refused with IE056 code 92; the movement stays released', async () => {
  const mrn = await lodged('IE015-gb-t1-simplified-01');
  await inState(mrn, 'RELEASED_FOR_TRANSIT');
  const res = await postXml(
    stack.baseUrl,
    `/v1/transits/${mrn}/invalidation`,
    clearance,
    toDemo(readSample('IE014-gb-after-release-01'), { mrn }),
  );
  expect({ status: res.status, message: res.headers.get('x-ncts-message') }).toEqual({
    status: 409,
    message: 'IE056',
  });
  expect(res.text).toContain('<businessRejectionType>014</businessRejectionType>');
  expect(res.text).toContain('<rejectionCode>4</rejectionCode>');
  expect(res.text).toContain('a released declaration cannot be invalidated');
  await expectValid(res.text);
  expect((await view(mrn)).state).toBe('RELEASED_FOR_TRANSIT');
});

test('JSON: the same command; a misspelt field is a 400 naming it, another system gets 404, after release 409', async () => {
  const mrn = await lodged('IE015-gb-t1-prelodged-simplified-01');
  await inState(mrn, 'AWAITING_PRESENTATION');
  const bad = await stack.request('POST', `/v1/transits/${mrn}/invalidation`, {
    token: clearance,
    body: { justfication: 'typo' },
  });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('justfication');
  const foreign = await stack.request('POST', `/v1/transits/${mrn}/invalidation`, {
    token: stranger,
    body: { justification: 'not mine' },
  });
  expect(foreign.status).toBe(404);
  expect((await view(mrn)).state).toBe('AWAITING_PRESENTATION');

  const ok = await stack.request('POST', `/v1/transits/${mrn}/invalidation`, {
    token: clearance,
    body: { justification: 'goods sold locally' },
  });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({
    state: 'INVALIDATED',
    invalidation: { justification: 'goods sold locally' },
  });
  const ie009 = await fetch(`${stack.baseUrl}/v1/transits/${mrn}/messages?type=IE009`, {
    headers: { authorization: `Bearer ${clearance}`, accept: 'application/xml' },
  });
  const xml = await ie009.text();
  expect(xml).toContain('<justification>goods sold locally</justification>');
  await expectValid(xml);

  const released = await lodged('IE015-gb-t1-simplified-01');
  await inState(released, 'RELEASED_FOR_TRANSIT');
  const late = await stack.request('POST', `/v1/transits/${released}/invalidation`, {
    token: clearance,
    body: {},
  });
  expect(late.status).toBe(409);
  expect(JSON.stringify(late.body)).toContain('a released declaration cannot be invalidated');
});

test('JSON presentation: a bad body is a 400 naming the field, another office a 409, then accepted (IE028); not pre-lodged: 409', async () => {
  const mrn = await lodged('IE015-gb-t1-prelodged-simplified-01');
  const waiting = await inState(mrn, 'AWAITING_PRESENTATION');
  expect(waiting.pending).toMatchObject({
    action: 'present the goods at the office of departure',
    by: 'holder',
  });
  const present = (body: unknown, token = clearance) =>
    stack.request('POST', `/v1/transits/${mrn}/presentation`, { token, body });
  const bad = await present({ office: 'KZALA001', locaton: 'typo' });
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body)).toContain('locaton');
  expect((await present({ office: 'KZALA001' }, stranger)).status).toBe(404);
  const elsewhere = await present({ office: 'KZAST001' });
  expect(elsewhere.status).toBe(409);
  expect(JSON.stringify(elsewhere.body)).toContain('is not the office of departure');
  const ok = await present({ office: 'KZALA001', location: 'Almaty freight terminal' });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ state: 'ACCEPTED', presentation: { location: 'Almaty freight terminal' } });
  const listed = await stack.request('GET', `/v1/transits/${mrn}/messages`, { token: clearance });
  expect(listed.body.messages.map((m: { type: string }) => m.type).slice(0, 2)).toEqual(['IE928', 'IE028']);

  const standard = await lodged('IE015-gb-t1-simplified-01');
  await inState(standard, 'RELEASED_FOR_TRANSIT');
  const refused = await stack.request('POST', `/v1/transits/${standard}/presentation`, {
    token: clearance,
    body: { office: 'KZALA001' },
  });
  expect(refused.status).toBe(409);
  expect(JSON.stringify(refused.body)).toContain('only a pre-lodged declaration');
});
