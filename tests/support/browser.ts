import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium (installed by scripts/ensure.sh), driven by playwright-core: no browser download. */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless chromium with its own profile directory; `close` also removes the profile. */
export async function launchChromium(
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: the browser tests need Debian's chromium. ` +
        'Run scripts/ensure.sh as root, or: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium',
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearway-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    // Without the networking flags chromium keeps calling home, which floods a closed network.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport,
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
