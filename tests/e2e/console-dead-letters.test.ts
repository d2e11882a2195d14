import http from 'node:http';
import type { Page } from 'playwright-core';
import { startTestStack, type TestStack } from '../support/api';
import { launchChromium } from '../support/browser';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * The console's dead-letters page in chromium: a decision the clearance system's webhook refused for
 * good is listed with its reason; a supervisor of its country retries it with a reason from the page
 * and, the receiver fixed, it is delivered.
 */
let stack: TestStack;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let page: Page;
let server: http.Server;
let accept = false;
const delivered: string[] = [];

jest.setTimeout(120_000);

beforeAll(async () => {
  browser = await launchChromium();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(20_000);
  stack = await startTestStack('e2e-console-dead-letters', {}, { delivery: {} });
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (accept) delivered.push(String(req.headers['idempotency-key']));
      res.statusCode = accept ? 204 : 410;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await new Promise<void>((r) => server.close(() => r()));
});

test('a supervisor sees a dead letter with its reason and retries it from the console', async () => {
  const clearance = stack.token({
    role: 'clearance-system',
    countries: ['KZ'],
    sub: `cs-console-${Date.now()}`,
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  expect(
    (await stack.request('PUT', '/v1/webhook-subscription', { token: clearance, body: { url } })).status,
  ).toBe(200);
  const lodged = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: { ...example('declaration-import.json'), lrn: `E2E-CONSOLE-DL-${Date.now()}` },
  });
  expect(lodged.status).toBe(202);
  const caseId = `declaration/${lodged.body.mrn}`;
  const messageId = (
    await eventually(
      async () =>
        (
          await stack.pool.query(
            "SELECT message_id FROM outbox WHERE case_id = $1 AND type = 'declaration.accepted' AND dead_at IS NOT NULL",
            [caseId],
          )
        ).rows[0],
      (r) => r !== undefined,
    )
  ).message_id as string;

  await page.goto(`${stack.baseUrl}/console`);
  await page
    .locator('#token')
    .fill(stack.token({ role: 'supervisor', sub: 'sup.kz@test', countries: ['KZ'] }));
  await page.locator('#sign-in-button').click();
  await page.locator('#dead-letters-link').click();
  await page.getByRole('heading', { name: 'Dead letters' }).waitFor();
  const row = page.locator(`tr[data-message="${messageId}"]`);
  await row.waitFor();
  await expect(row.locator('td').nth(3).textContent()).resolves.toMatch(
    /^HTTP 410 from http:\/\/127\.0\.0\.1/,
  );

  // Without a reason the page does not send the retry.
  await row.getByRole('button', { name: 'Retry' }).click();
  await expect(row.isVisible()).resolves.toBe(true);
  expect(
    (await stack.pool.query('SELECT dead_at FROM outbox WHERE message_id = $1', [messageId])).rows[0].dead_at,
  ).not.toBeNull();

  accept = true;
  await row.getByRole('textbox').fill('the receiver takes this declarant now');
  await row.getByRole('button', { name: 'Retry' }).click();
  await page.locator('#retry-answer [data-status="202"]').waitFor();
  await row.waitFor({ state: 'detached' });
  await eventually(
    async () =>
      (
        await stack.pool.query('SELECT delivered_at, retried_by FROM outbox WHERE message_id = $1', [
          messageId,
        ])
      ).rows[0],
    (r) => r.delivered_at !== null,
  );
  expect(delivered.filter((k) => k === messageId)).toHaveLength(1);
  const by = (await stack.pool.query('SELECT retried_by FROM outbox WHERE message_id = $1', [messageId]))
    .rows[0];
  expect(by.retried_by).toBe('sup.kz@test: the receiver takes this declarant now');
});
