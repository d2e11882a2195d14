import { isDeepStrictEqual } from 'node:util';
import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * Issue 13, point 1: a clearance system sees and acts only on the cases it lodged or registered.
 * Another trader's system in the same countries gets 404 on every route (no hint the case exists),
 * its lodging under the same key a 409 that says nothing of the case, and nothing is started,
 * changed or stored; officers and supervisors keep seeing by country.
 */
let stack: TestStack;
let owner: string;
let other: string;
let officer: string;
let supervisor: string;

beforeAll(async () => {
  stack = await startTestStack('e2e-parties');
  const countries = ['CN', 'KZ', 'KG'];
  owner = stack.token({ role: 'clearance-system', countries, sub: 'trader-a@test' });
  other = stack.token({ role: 'clearance-system', countries, sub: 'trader-b@test' });
  officer = stack.token({ role: 'officer', countries: ['KZ'] });
  supervisor = stack.token({ role: 'supervisor', countries: ['KZ'] });
});
afterAll(async () => {
  await stack?.close();
});

const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
const post = (path: string, token: string, body: unknown) => stack.request('POST', path, { token, body });
const get = (path: string, token: string) => stack.request('GET', path, { token });

/** Everything a refused request must leave as it was: the case as customs see it, its run, read model and outbox. */
async function footprint(caseId: string, path: string, token: string) {
  const view = (await get(path, token)).body;
  const run = (await stack.client.workflow.getHandle(caseId).describe()).runId;
  const row = (
    await stack.pool.query('SELECT version, state, owner, declarant FROM cases WHERE case_id = $1', [caseId])
  ).rows[0];
  const outbox = (
    await stack.pool.query('SELECT count(*)::int AS n FROM outbox WHERE case_id = $1', [caseId])
  ).rows[0].n;
  // A guarantee's balance says `status` where a case view says `state`.
  return { state: view.state ?? view.status, timeline: view.timeline.length, run, row, outbox };
}

/** The footprint once the read model and outbox caught up with the workflow (their writes follow its steps). */
async function settled(caseId: string, path: string, token: string) {
  const [first] = await eventually(
    async () => [await footprint(caseId, path, token), await footprint(caseId, path, token)],
    ([a, b]) => isDeepStrictEqual(a, b) && a.row?.version === a.timeline,
  );
  return first;
}

test("another trader's clearance system gets 404 on every declaration route, and nothing moves", async () => {
  const body = { ...example('declaration-import.json'), lrn: `E2E-PARTY-${rand()}` };
  const lodged = await post('/v1/declarations', owner, body);
  expect(lodged.status).toBe(202);
  const mrn: string = lodged.body.mrn;
  const url = `/v1/declarations/${mrn}`;
  const caseId = `declaration/${mrn}`;
  await eventually(
    () => get(url, owner),
    (r) => r.body?.state === 'AWAITING_PAYMENT',
  );
  const before = await settled(caseId, url, officer);
  expect(before.row).toMatchObject({ owner: 'trader-a@test', declarant: body.declarant.tin });

  const refused = {
    read: await get(url, other),
    amend: await post(`${url}/amendments`, other, { reason: 'mine now', changes: { incoterm: 'CIF' } }),
    invalidate: await post(`${url}/invalidation`, other, { reason: 'not mine to keep' }),
    answer: await post(`${url}/query-answer`, other, { answer: 'see attached' }),
    guarantee: await post(`${url}/payments`, other, {
      method: 'GUARANTEE',
      reference: 'G-OTHER-1',
      grn: '26KZ00000000000017',
      accessCode: '7391',
    }),
  };
  expect(Object.fromEntries(Object.entries(refused).map(([k, r]) => [k, r.status]))).toEqual({
    read: 404,
    amend: 404,
    invalidate: 404,
    answer: 404,
    guarantee: 404,
  });
  expect(refused.read.body.message).toBe(`no declaration ${mrn}`);
  // The same declarant and LRN lodged by the other party: a 409 naming neither the MRN nor the state.
  const again = await post('/v1/declarations', other, body);
  expect(again.status).toBe(409);
  expect(again.body.message).toBe('this LRN is already in use by another party');
  expect(JSON.stringify(again.body)).not.toContain(mrn);

  expect(await footprint(caseId, url, officer)).toEqual(before);
  expect((await get(url, owner)).status).toBe(200);
  expect((await get(url, supervisor)).status).toBe(200);
});

test("another trader's clearance system gets 404 on the transit and guarantee routes, and nothing moves", async () => {
  const grn = `26KZ${rand().padStart(14, '0').slice(-14)}`;
  const guarantee = { ...example('guarantee.json'), grn };
  expect((await post('/v1/guarantees', owner, guarantee)).status).toBe(202);
  const transit = JSON.parse(JSON.stringify(example('transit.json')));
  transit.lrn = `E2E-PARTY-T-${rand()}`;
  transit.guarantee.grn = grn;
  const lodged = await post('/v1/transits', owner, transit);
  expect(lodged.status).toBe(202);
  const mrn: string = lodged.body.mrn;
  const url = `/v1/transits/${mrn}`;
  await eventually(
    () => get(url, owner),
    (r) => r.body?.state === 'RELEASED_FOR_TRANSIT',
  );
  const transitBefore = await settled(`transit/${mrn}`, url, officer);
  const guaranteeBefore = await settled(`guarantee/${grn}`, `/v1/guarantees/${grn}`, supervisor);
  expect(transitBefore.row).toMatchObject({ owner: 'trader-a@test', declarant: transit.holder.tin });
  expect(guaranteeBefore.row).toMatchObject({ owner: 'trader-a@test' });

  const refused = {
    read: await get(url, other),
    enquiry: await post(`${url}/enquiry-response`, other, { explanation: 'arrived, trust me' }),
    amend: await post(`${url}/amendments`, other, { guarantee: { type: '0' } }),
    guarantee: await get(`/v1/guarantees/${grn}`, other),
  };
  expect(Object.fromEntries(Object.entries(refused).map(([k, r]) => [k, r.status]))).toEqual({
    read: 404,
    enquiry: 404,
    amend: 404,
    guarantee: 404,
  });
  const sameGrn = await post('/v1/guarantees', other, guarantee);
  expect(sameGrn.status).toBe(409);
  expect(sameGrn.body.message).toBe('this GRN is already in use by another party');
  const sameLrn = await post('/v1/transits', other, transit);
  expect(sameLrn.status).toBe(409);
  expect(JSON.stringify(sameLrn.body)).not.toContain(mrn);

  expect(await footprint(`transit/${mrn}`, url, officer)).toEqual(transitBefore);
  expect(await footprint(`guarantee/${grn}`, `/v1/guarantees/${grn}`, supervisor)).toEqual(guaranteeBefore);
  expect((await get(`/v1/guarantees/${grn}`, owner)).status).toBe(200);
});
