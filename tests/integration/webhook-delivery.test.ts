import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook, WebhookTargetRefused } from '../../activities/outbox/webhook-target';

/**
 * Delivery-time checks of a webhook (issue 13, point 6), with a real receiver on loopback: the host
 * is resolved again at delivery (DNS for `localhost`), the connection is refused before a byte is
 * sent, and a redirect is an answer, never followed.
 */
let server: http.Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    if (req.url === '/redirect') {
      res.writeHead(302, { location: `http://127.0.0.1:${port}/elsewhere` });
      return res.end();
    }
    res.writeHead(204);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = (url: string, allowPrivate = false) =>
  postWebhook(url, '{}', { 'content-type': 'application/json' }, { allowPrivate, timeoutMs: 5_000 });

test('a host that resolves to loopback (localhost) or is a loopback literal is refused; the receiver sees nothing', async () => {
  await expect(post(`http://localhost:${port}/hook`)).rejects.toThrow(
    /localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/,
  );
  await expect(post(`http://127.0.0.1:${port}/hook`)).rejects.toBeInstanceOf(WebhookTargetRefused);
  await expect(post(`http://[::ffff:127.0.0.1]:${port}/hook`)).rejects.toThrow(/loopback address/);
  await expect(post('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(/cloud metadata/);
  expect(hits).toEqual([]);
});

test('with the allowance, delivery reaches a loopback receiver; a redirect is answered with its status and not followed', async () => {
  expect(await post(`http://127.0.0.1:${port}/hook`, true)).toBe(204);
  expect(await post(`http://127.0.0.1:${port}/redirect`, true)).toBe(302);
  expect(hits).toEqual(['/hook', '/redirect']);
});
