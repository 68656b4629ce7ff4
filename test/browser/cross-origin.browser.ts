import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { build } from 'esbuild';
import type { Page, Request } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { solidPng } from '../support/png.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';

// The API called from another origin by Apollo Client in real Chromium, which enforces CORS: the
// preflight must allow the client-awareness and traceparent headers, or every request fails with
// "Failed to fetch". The app (cross-origin-app/main.ts) is served from a server of its own.
let api: TestApi;
let page: Page;
const logLines: string[] = [];
const graphqlRequests: Request[] = [];
const started: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const chromium = await launchChromium();
  started.push(() => chromium.close());
  api = await startTestApi({ LOG_LEVEL: 'info' }, { logLines });
  started.push(() => api.stop());
  const appOrigin = await serveApp();
  page = await chromium.context.newPage();
  page.on('request', (request) => {
    if (request.url() === api.graphqlUrl) graphqlRequests.push(request);
  });
  const query = new URLSearchParams({ api: api.graphqlUrl, token: await api.token('ivy', 'Ivy') });
  await page.goto(`${appOrigin}/?${query}`);
  await page.waitForFunction(() => 'app' in window);
});
afterAll(async () => {
  for (const stop of started.reverse()) await stop();
});

/** Serves the bundled app on its own port: another origin than the API's. */
async function serveApp(): Promise<string> {
  const bundle = await build({
    entryPoints: [new URL('./cross-origin-app/main.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const script = bundle.outputFiles[0]!.text;
  const server: Server = createServer((req, res) => {
    const isScript = req.url === '/app.js';
    res.setHeader('content-type', isScript ? 'text/javascript' : 'text/html');
    res.end(isScript ? script : '<!doctype html><script type="module" src="/app.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  started.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the browser keeps its connections alive
      }),
  );
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  expect(new URL(origin).origin).not.toBe(new URL(api.graphqlUrl).origin);
  return origin;
}

const requestLog = () =>
  logLines
    .map((line) => JSON.parse(line) as { msg?: string; method?: string; path?: string; status?: number })
    .filter((entry) => entry.msg === 'request' && entry.path === '/graphql');

describe('a cross-origin Apollo Client app in Chromium', () => {
  it('sends client awareness and traceparent, passes the preflight, and sees its upload in the watched viewer', async () => {
    await page.evaluate(() => window.app.watchViewer());
    await page.waitForFunction(() => window.app.viewers.length > 0 || window.app.errors.length > 0);
    expect(await page.evaluate(() => window.app.errors)).toEqual([]);
    expect(await page.evaluate(() => window.app.viewers.at(-1))).toMatchObject({ name: 'Ivy', avatar: null });

    const png = [...solidPng(8, 8, [0, 90, 200])];
    const fileId = await page.evaluate((bytes) => window.app.uploadAvatar(bytes), png);
    // The cache applied the confirm: the watched query re-emitted with no refetch.
    await page.waitForFunction((id) => window.app.viewers.at(-1)?.avatar?.id === id, fileId);

    const headers = await graphqlRequests.at(-1)!.allHeaders();
    expect(headers).toMatchObject({
      'apollographql-client-name': 'cross-origin-app',
      'apollographql-client-version': '1.2.3',
      traceparent: expect.stringMatching(/^00-/),
    });
    // Chromium asked first, and was answered (browsers do not show preflights to the page).
    expect(requestLog()).toContainEqual(expect.objectContaining({ method: 'OPTIONS', status: 204 }));
    // The watch's one fetch, then only the upload's own operations: the new avatar came from the cache.
    const operations = graphqlRequests
      .filter((request) => request.method() === 'POST')
      .map((request) => (request.postDataJSON() as { operationName: string }).operationName);
    expect(operations).toEqual(['Viewer', 'RequestUpload', 'ConfirmUpload']);
  });

  it('is refused by the browser for a header the API does not allow, and let through for sentry-trace', async () => {
    expect(await page.evaluate(() => window.app.post('x-not-allowed'))).toMatch(/Failed to fetch/);
    expect(await page.evaluate(() => window.app.post('sentry-trace'))).toBe('200');
  });
});
