import { clearance, stack, useClearanceStack, viewWhen } from '../support/clearance';
import { example } from '../support/examples';

/**
 * Issue 19, point 4: the codec server the Temporal UI decodes payloads through. The payload is the
 * declaration's own start input, read raw from Temporal (ciphertext, bound to its workflow).
 */
useClearanceStack('e2e-codec');

const b64 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('base64');

async function startPayload(caseId: string) {
  const res = await stack.client.workflowService.getWorkflowExecutionHistory({
    namespace: stack.config.TEMPORAL_NAMESPACE,
    execution: { workflowId: caseId },
  });
  const p = res.history!.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
    data: b64(p.data),
  };
}

const post = (path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(stack.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const decodes = async (caseId: string) =>
  (
    await stack.pool.query(
      'SELECT principal, role, payloads, decoded FROM codec_decodes WHERE case_id = $1 ORDER BY id',
      [caseId],
    )
  ).rows;

let caseId: string;
let lrn: string;
beforeAll(async () => {
  lrn = `E2E-CODEC-${Date.now()}`;
  const lodged = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: { ...example('declaration-import.json'), lrn },
  });
  expect(lodged.status).toBe(202);
  caseId = `declaration/${lodged.body.mrn}`;
  await viewWhen(lodged.body.mrn, (v) => v.state === 'AWAITING_PAYMENT');
});

test("an administrator of the case's country reads the payload decoded; another country's gets it back as it was; each is logged", async () => {
  const payload = await startPayload(caseId);
  expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
  expect(Buffer.from(payload.data, 'base64').toString()).not.toContain(lrn);

  const kz = stack.token({ role: 'administrator', countries: ['KZ'], sub: 'kz-admin' });
  const res = await post(
    '/codec/decode',
    { authorization: `Bearer ${kz}`, 'x-namespace': 'default' },
    {
      payloads: [payload],
    },
  );
  expect(res.status).toBe(200);
  const [decoded] = ((await res.json()) as any).payloads;
  expect(Buffer.from(decoded.metadata.encoding, 'base64').toString()).toBe('json/plain');
  expect(Buffer.from(decoded.data, 'base64').toString()).toContain(lrn);

  const uz = stack.token({ role: 'administrator', countries: ['UZ'], sub: 'uz-admin' });
  const refused = await post('/codec/decode', { authorization: `Bearer ${uz}` }, { payloads: [payload] });
  expect(refused.status).toBe(200);
  expect(((await refused.json()) as any).payloads).toEqual([payload]);

  expect(await decodes(caseId)).toEqual([
    { principal: 'kz-admin', role: 'administrator', payloads: 1, decoded: true },
    { principal: 'uz-admin', role: 'administrator', payloads: 1, decoded: false },
  ]);
});

test('only administrators, only with a token; bad bodies are 400 and log nothing', async () => {
  const payload = await startPayload(caseId);
  const before = (await decodes(caseId)).length;
  const officer = stack.token({ role: 'officer', countries: ['KZ'] });
  expect(
    (await post('/codec/decode', { authorization: `Bearer ${officer}` }, { payloads: [payload] })).status,
  ).toBe(403);
  expect((await post('/codec/decode', {}, { payloads: [payload] })).status).toBe(401);
  const kz = stack.token({ role: 'administrator', countries: ['KZ'] });
  const bad = await post(
    '/codec/decode',
    { authorization: `Bearer ${kz}` },
    { payloads: [{ data: 'not base64!' }] },
  );
  expect(bad.status).toBe(400);
  expect(JSON.stringify(await bad.json())).toContain('payloads[0].data');
  expect((await decodes(caseId)).length).toBe(before);
});

test('a codec session: the token as an HttpOnly cookie on /codec, which the UI sends instead of a bearer token; CORS for the UI origin only', async () => {
  const payload = await startPayload(caseId);
  const kz = stack.token({ role: 'administrator', countries: ['KZ'] });
  const session = await post('/codec/session', { authorization: `Bearer ${kz}` });
  expect(session.status).toBe(204);
  const cookie = session.headers.get('set-cookie')!;
  expect(cookie).toMatch(
    /^clearway_codec=[^;]+; Max-Age=\d+; Path=\/codec; Expires=[^;]+; HttpOnly; SameSite=Strict$/,
  );
  const viaCookie = await post(
    '/codec/decode',
    { cookie: cookie.split(';')[0], origin: 'http://127.0.0.1:8233' },
    { payloads: [payload] },
  );
  expect(viaCookie.status).toBe(200);
  expect(viaCookie.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
  expect(viaCookie.headers.get('access-control-allow-credentials')).toBe('true');
  expect(Buffer.from(((await viaCookie.json()) as any).payloads[0].data, 'base64').toString()).toContain(lrn);
  // The cookie opens the codec routes only.
  const elsewhere = await fetch(`${stack.baseUrl}/v1/cases/${caseId}`, {
    headers: { cookie: cookie.split(';')[0] },
  });
  expect(elsewhere.status).toBe(401);

  const preflight = (origin: string) =>
    fetch(`${stack.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });
  const ok = await preflight('http://127.0.0.1:8233');
  expect([ok.status, ok.headers.get('access-control-allow-origin')]).toEqual([204, 'http://127.0.0.1:8233']);
  const other = await preflight('http://evil.example');
  expect([other.status, other.headers.get('access-control-allow-origin')]).toEqual([204, null]);
});
