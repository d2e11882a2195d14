import { startTestStack, type TestStack } from '../support/api';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * Issue 13, point 6, guarantees: only the administration that accepted a guarantee (the country in
 * its GRN) revokes or extends it; access-code guesses are limited per guarantee (5 wrong codes in a
 * row lock it for 15 minutes, config/transit.ts).
 */
let stack: TestStack;
let clearance: string;
beforeAll(async () => {
  stack = await startTestStack('e2e-guarantee-authority');
  clearance = stack.token({ role: 'clearance-system', countries: ['CN', 'KZ', 'KG'] });
});
afterAll(async () => {
  await stack?.close();
});

const rand = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
const freshGrn = () => `26KZ${rand().padStart(14, '0').slice(-14)}`;
const post = (path: string, token: string, body: unknown) => stack.request('POST', path, { token, body });
const view = (grn: string, token: string) => stack.request('GET', `/v1/guarantees/${grn}`, { token });

async function registered(): Promise<string> {
  const grn = freshGrn();
  expect((await post('/v1/guarantees', clearance, { ...example('guarantee.json'), grn })).status).toBe(202);
  await eventually(
    () => view(grn, clearance),
    (r) => r.status === 200,
  );
  return grn;
}

test('a supervisor of a country of validity sees a KZ guarantee but may not revoke or extend it (403); nothing changes; KZ may', async () => {
  const grn = await registered();
  const kg = stack.token({ role: 'supervisor', countries: ['KG'] });
  const before = await view(grn, kg);
  expect(before.status).toBe(200);

  const revoke = await post(`/v1/guarantees/${grn}/revocation`, kg, { reason: 'not ours to revoke' });
  expect(revoke.status).toBe(403);
  expect(revoke.body.message).toBe(
    `only the administration that accepted guarantee ${grn} (KZ) may revoke it`,
  );
  const extend = await post(`/v1/guarantees/${grn}/extension`, kg, { validUntil: '2028-10-31' });
  expect(extend.status).toBe(403);
  expect(extend.body.message).toMatch(/\(KZ\) may extend it$/);

  const after = await view(grn, kg);
  expect(after.body).toMatchObject({ status: 'ACTIVE', validUntil: before.body.validUntil });
  expect(after.body.timeline).toEqual(before.body.timeline);

  const kz = stack.token({ role: 'supervisor', countries: ['KZ'] });
  expect((await post(`/v1/guarantees/${grn}/revocation`, kz, { reason: 'guarantor withdrew' })).status).toBe(
    202,
  );
  await eventually(
    () => view(grn, kz),
    (r) => r.body?.status === 'REVOKED',
  );
});

test('five wrong access codes lock the guarantee: the right code is then refused, and nothing is reserved', async () => {
  const grn = await registered();
  const lodge = async (accessCode: string) => {
    const t = JSON.parse(JSON.stringify(example('transit.json')));
    t.lrn = `E2E-CODE-${rand()}`;
    t.guarantee = { ...t.guarantee, grn, accessCode };
    const res = await post('/v1/transits', clearance, t);
    expect(res.status).toBe(202);
    const refused = await eventually(
      async () => (await stack.request('GET', `/v1/transits/${res.body.mrn}`, { token: clearance })).body,
      (v) => v?.state === 'GUARANTEE_REFUSED',
    );
    expect(refused.state).toBe('GUARANTEE_REFUSED');
    return refused.guarantee.refusal as string;
  };
  for (const code of ['0001', '0002', '0003', '0004'])
    expect(await lodge(code)).toBe(`wrong access code for guarantee ${grn}`);
  expect(await lodge('0005')).toMatch(/5 in a row, reservations are refused until/);
  expect(await lodge('7391')).toMatch(/is locked after too many wrong access codes until/);

  const g = await view(grn, clearance);
  expect(g.body).toMatchObject({ status: 'ACTIVE', reserved: '0.00', openReservations: [] });
  expect(g.body.accessLockedUntil).toEqual(expect.any(String));
  expect(g.body.timeline.map((e: { type: string }) => e.type)).toEqual(['state', 'access-code-locked']);
});
