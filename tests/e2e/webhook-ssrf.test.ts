import { startTestStack, type TestStack } from '../support/api';

/**
 * Issue 13, point 6: a webhook may not point into Clearway's own network. With the default setting
 * (CLEARWAY_WEBHOOK_ALLOW_PRIVATE unset), a URL whose host is or resolves to a loopback, private,
 * link-local or metadata address is a 400 naming `url`, and nothing is stored or changed. Delivery
 * checks again (tests/integration/webhook-delivery.test.ts).
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('e2e-ssrf', { CLEARWAY_WEBHOOK_ALLOW_PRIVATE: 'false' });
});
afterAll(async () => {
  await stack?.close();
});

const stored = async (subscriber: string) =>
  (await stack.pool.query('SELECT url FROM webhook_subscriptions WHERE subscriber = $1', [subscriber])).rows;

test('loopback, private, link-local and metadata webhook URLs are refused with 400 naming url; nothing is stored', async () => {
  const sub = `ssrf-${Date.now()}`;
  const token = stack.token({ role: 'clearance-system', countries: ['KZ'], sub });
  for (const url of [
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://10.1.2.3/hook',
    'http://192.168.0.10/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/hook',
    'http://[fe80::1]/hook',
    'http://[::ffff:169.254.169.254]/hook',
    'http://0.0.0.0/hook',
    'https://no-such-host.invalid/hook',
  ]) {
    const res = await stack.request('PUT', '/v1/webhook-subscription', { token, body: { url } });
    expect([url, res.status]).toEqual([url, 400]);
    expect(res.body.issues).toEqual([expect.objectContaining({ path: 'url' })]);
  }
  expect(await stored(sub)).toEqual([]);
  expect((await stack.request('GET', '/v1/webhook-subscription', { token })).status).toBe(404);
});

test('a public address is stored; a later refused URL leaves it unchanged', async () => {
  const sub = `ssrf-keep-${Date.now()}`;
  const token = stack.token({ role: 'clearance-system', countries: ['KZ'], sub });
  const ok = await stack.request('PUT', '/v1/webhook-subscription', {
    token,
    body: { url: 'https://1.1.1.1/clearway' },
  });
  expect(ok.status).toBe(200);
  const refused = await stack.request('PUT', '/v1/webhook-subscription', {
    token,
    body: { url: 'http://169.254.169.254/latest/meta-data/' },
  });
  expect(refused.status).toBe(400);
  expect(refused.body.issues[0]).toMatchObject({ path: 'url', code: 'forbidden_address' });
  expect(refused.body.issues[0].message).toMatch(/link-local \(cloud metadata\) address/);
  expect(await stored(sub)).toEqual([{ url: 'https://1.1.1.1/clearway' }]);
});
