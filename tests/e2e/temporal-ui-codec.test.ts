import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { REPO_ROOT, freePort, startTemporalDevServer, type Service } from '../../scripts/services';
import { startTestStack, type TestStack } from '../support/api';
import { launchChromium } from '../support/browser';
import { example } from '../support/examples';
import { eventually } from '../support/temporal';

/**
 * Issue 19, point 4, in a real browser: the Temporal UI of a dev server (its own, with the UI on)
 * shows a declaration's payload decoded through the API's codec server for an administrator of the
 * case's country, and ciphertext for one of another country. The UI is set up as docs/operations.md
 * tells an administrator to: its codec endpoint with "include cross-origin credentials" (the UI keeps
 * these in localStorage), and a codec session opened with the administrator's token.
 */
const SCREENSHOT = path.join(REPO_ROOT, '.data', 'test', 'temporal-ui-codec.png');
jest.setTimeout(180_000);

let temporal: Service & { address: string; uiUrl?: string };
let stack: TestStack;
let caseId: string;
const lrn = `E2E-UI-CODEC-${Date.now()}`;

beforeAll(async () => {
  const uiPort = await freePort();
  temporal = await startTemporalDevServer({ port: await freePort(), uiPort, namespace: 'default' });
  stack = await startTestStack('e2e-ui-codec', {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_UI_PORT: String(uiPort),
  });
  const res = await stack.request('POST', '/v1/declarations', {
    token: stack.token({ role: 'clearance-system', countries: ['KZ'] }),
    body: { ...example('declaration-import.json'), lrn },
  });
  expect(res.status).toBe(202);
  caseId = `declaration/${res.body.mrn}`;
});

afterAll(async () => {
  await stack?.close();
  await temporal?.stop();
});

async function browse(token: string, fn: (ctx: BrowserContext) => Promise<void>) {
  const browser = await launchChromium({ width: 1400, height: 1000 });
  const ctx = browser.context;
  try {
    // The codec session: the API sets the HttpOnly cookie in this browser's jar.
    const session = await ctx.request.post(`${stack.baseUrl}/codec/session`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(session.status()).toBe(204);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(temporal.uiUrl!);
    await page.evaluate((endpoint) => {
      // The page's own localStorage (this runs in the browser, not in Node).
      const store = (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } })
        .localStorage;
      store.setItem('endpoint', JSON.stringify(endpoint));
      store.setItem('includeCredentials', 'true');
      store.setItem('overrideRemoteCodecConfiguration', 'true');
    }, `${stack.baseUrl}/codec`);
    await fn(ctx);
  } finally {
    await browser.close();
  }
}

const workflowPage = () => `${temporal.uiUrl}/namespaces/default/workflows/${encodeURIComponent(caseId)}`;
const decodes = async (sub: string) =>
  (
    await stack.pool.query('SELECT decoded FROM codec_decodes WHERE case_id = $1 AND principal = $2', [
      caseId,
      sub,
    ])
  ).rows.map((r) => r.decoded);

test('the Temporal UI shows the declaration decoded for an administrator of its country (screenshot), each decode logged', async () => {
  const token = stack.token({ role: 'administrator', countries: ['KZ'], sub: 'ui-admin-kz' });
  await browse(token, async (ctx) => {
    const page = ctx.pages()[0];
    await page.goto(workflowPage());
    await page.getByText(lrn).first().waitFor({ timeout: 60_000 });
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
  expect(await decodes('ui-admin-kz')).toContain(true);
});

test("another country's administrator sees the same page without the contents", async () => {
  const token = stack.token({ role: 'administrator', countries: ['UZ'], sub: 'ui-admin-uz' });
  await browse(token, async (ctx) => {
    const page = ctx.pages()[0];
    await page.goto(workflowPage());
    // The UI asked the codec (logged as refused) and shows what it got back: ciphertext.
    const refused = await eventually(
      () => decodes('ui-admin-uz'),
      (d) => d.length > 0,
      60_000,
    );
    expect(refused.every((d) => d === false)).toBe(true);
    await page.getByText(caseId).first().waitFor();
    expect(await page.content()).not.toContain(lrn);
  });
});
