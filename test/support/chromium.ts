import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

// The distribution's Chromium (playwright-core never downloads a browser). CHROMIUM_PATH points
// elsewhere, e.g. at Google Chrome.
const EXECUTABLE = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

// Headless as root in a container: no sandbox, no GPU, and nothing that phones home.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RunningChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Chromium with a fresh profile. Fails (never skips) when the browser is not installed. */
export async function launchChromium(): Promise<RunningChromium> {
  if (!existsSync(EXECUTABLE)) {
    throw new Error(
      `Chromium was not found at ${EXECUTABLE}. The browser tests need it: on Debian or Ubuntu run ` +
        '`sudo apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'upload-tickets-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: EXECUTABLE,
    headless: true,
    args: FLAGS,
    viewport: { width: 900, height: 1000 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
