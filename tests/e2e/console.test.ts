import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../scripts/services';
import { startTestStack, type TestStack } from '../support/api';
import { launchChromium } from '../support/browser';
import { example } from '../support/examples';

/**
 * The supervisor console in a real browser: Debian's chromium (installed by scripts/ensure.sh), driven
 * by playwright-core. No browser is ever downloaded.
 */
const SCREENSHOT = path.join(REPO_ROOT, '.data', 'test', 'console.png');

let stack: TestStack;
let context: BrowserContext;
let page: Page;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
let caseId: string;
const lrn = `E2E-CONSOLE-${Date.now()}`;

jest.setTimeout(120_000);

beforeAll(async () => {
  browser = await launchChromium();
  context = browser.context;
  stack = await startTestStack('e2e-console');
  const clearance = stack.token({ role: 'clearance-system', countries: ['KZ'] });
  const res = await stack.request('POST', '/v1/declarations', {
    token: clearance,
    body: { ...example('declaration-import.json'), lrn },
  });
  expect(res.status).toBe(202);
  caseId = `declaration/${res.body.mrn}`;

  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('supervisor console in chromium', () => {
  test('the console page is public and holds no data; the API behind it still wants a token', async () => {
    const res = await fetch(`${stack.baseUrl}/console`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('/console/app.js');
    expect((await fetch(`${stack.baseUrl}/console/..%2Fapp.module.ts`)).status).toBe(404);
    expect((await stack.request('GET', '/v1/cases')).status).toBe(401);
  });

  test('a supervisor signs in with a token, finds the new case, opens it and sees its timeline', async () => {
    await page.goto(`${stack.baseUrl}/console`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    // A garbage token is refused on the page itself.
    await page.locator('#token').fill('not a token');
    await page.locator('#sign-in-button').click();
    await page.getByText('does not look like a bearer token').waitFor();

    await page
      .locator('#token')
      .fill(stack.token({ role: 'supervisor', sub: 'sup.kz@test', countries: ['KZ'] }));
    await page.locator('#sign-in-button').click();
    await page.getByRole('heading', { name: 'Stuck cases' }).waitFor();
    await expect(page.locator('#who').textContent()).resolves.toContain('supervisor');

    // The new case is not stuck; it shows among all running cases of its office.
    await page.getByRole('button', { name: 'All running' }).click();
    await page.locator('#office-filter').fill('KZALA001');
    await page.getByRole('button', { name: 'Filter' }).click();
    const row = page.locator(`tr[data-case="${caseId}"]`);
    await row.waitFor(); // the list polls every 2.5 s: visibility catches up on its own
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('declaration');
    await expect(row.locator('td').nth(4).textContent()).resolves.toBe('KZALA001');
    await expect(page.locator('#case-table th').allTextContents()).resolves.toEqual([
      'Case',
      'Kind',
      'State',
      'Channel',
      'Office',
      'Age',
      'Stuck since',
    ]);

    await row.getByRole('link', { name: caseId }).click();
    await page.getByRole('heading', { name: `Case ${caseId}` }).waitFor();
    await page.locator('#timeline-table tbody tr').first().waitFor();
    const states = await page.locator('#timeline-table tbody tr td:nth-child(4)').allTextContents();
    expect(states.slice(0, 2)).toEqual(['LODGED', 'ACCEPTED']);
    await expect(page.locator('#case-state').textContent()).resolves.toMatch(/^[A-Z_]+$/);
    await expect(page.locator('#signals button').allTextContents()).resolves.toEqual([
      'Release',
      'Escalate',
      'Reassign',
      'Extend deadline',
      'Cancel',
      'Retry failed step',
    ]);
  });

  test('a signal needs a reason; a refused one shows the API error with each field', async () => {
    await page.getByRole('button', { name: 'Extend deadline' }).click();
    const dialog = page.locator('#signal-dialog');
    await dialog.waitFor();
    // Sending with no reason is blocked in the page: the dialog stays open.
    await page.locator('#signal-send').click();
    expect(await dialog.isVisible()).toBe(true);
    await page.locator('#signal-reason').fill('carrier asked for more time');
    await page.locator('#signal-extend').fill('4 hours');
    await page.locator('#signal-send').click();
    const box = page.locator('#signal-answer .answer');
    await box.waitFor();
    await expect(box.getAttribute('data-status')).resolves.toBe('400');
    await expect(box.textContent()).resolves.toContain('extendBy: an ISO 8601 duration such as PT4H or P2D');
  });

  test('escalate with a reason is accepted and the case timeline shows the escalation', async () => {
    const reason = 'waiting too long at the border, escalate to head of office';
    const rows = page.locator('#timeline-table tbody tr');
    const seqsBefore = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-seq'))));
    expect(seqsBefore.length).toBeGreaterThan(0);
    // Nothing escalated yet: no such row, no escalation count on the page.
    const eventCells = page.locator('#timeline-table tbody tr td:nth-child(3)');
    await expect(eventCells.filter({ hasText: /^escalated$/ }).count()).resolves.toBe(0);
    await expect(page.locator('dl.facts dt', { hasText: 'Escalations' }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Escalate' }).click();
    await page.locator('#signal-reason').fill(reason);
    await page.locator('#signal-send').click();
    const box = page.locator('#signal-answer .answer');
    await box.waitFor();
    // The declaration workflow takes supervisor escalations: the API answers 200 ...
    await expect(box.getAttribute('data-status')).resolves.toBe('200');

    // ... and the timeline on the page shows a new row for it: event `escalated`, by this supervisor,
    // with the reason given, numbered after every row that was there before.
    const row = rows.filter({ hasText: reason });
    await row.waitFor(); // the case page polls: the new event shows without a reload
    await expect(row.count()).resolves.toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells[2]).toBe('escalated');
    expect(cells[4]).toBe('sup.kz@test');
    expect(cells[5]).toBe(reason);
    expect(Number(await row.getAttribute('data-seq'))).toBeGreaterThan(Math.max(...seqsBefore));
    await expect(eventCells.filter({ hasText: /^escalated$/ }).count()).resolves.toBe(1);
    await expect(
      page
        .locator('dl.facts dt', { hasText: 'Escalations' })
        .locator('xpath=following-sibling::dd[1]')
        .textContent(),
    ).resolves.toBe('1');

    // The API agrees with the page: the case view holds the same escalation event.
    const mrn = caseId.slice('declaration/'.length);
    const view = await stack.request('GET', `/v1/declarations/${mrn}`, {
      token: stack.token({ role: 'supervisor', sub: 'sup.kz@test', countries: ['KZ'] }),
    });
    expect(view.status).toBe(200);
    expect(view.body.escalations).toBe(1);
    expect(view.body.timeline).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'escalated', actor: 'sup.kz@test', reason })]),
    );
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(fs.statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });
});
