import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { describeRejection } from '../../src/client/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { solidPng } from '../support/png.ts';
import { HTML_PAGE } from '../support/sample-files.ts';
import { PROJECT_DIR, startTestApi, type TestApi } from '../support/test-api.ts';

// The demo page in real headless Chromium against the real server and s3rver: the browser path of
// the client (XMLHttpRequest, CORS to storage, presigned downloads rendered as images).
const ARTIFACTS = path.join(PROJECT_DIR, 'test-results');
let api: TestApi;
let page: Page;
/** What beforeAll started, to stop in reverse order (it may fail half-way). */
const started: (() => Promise<void>)[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The browser first: without one the run fails with how to install it, having started nothing.
  const chromium = await launchChromium();
  started.push(() => chromium.close());
  api = await startTestApi();
  started.push(async () => {
    await api.stop();
  });
  page = await chromium.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
});
afterAll(async () => {
  for (const stop of started.reverse()) await stop();
});

const screenshot = (name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `demo-${name}.png`), fullPage: true });
const file = (name: string, mimeType: string, bytes: Uint8Array) => ({ name, mimeType, buffer: Buffer.from(bytes) });

/** Waits for an upload row to finish and returns what it shows. */
async function settledRow(scope: string, filename: string) {
  const row = page.locator(`${scope} .upload[data-filename="${filename}"]`);
  await row.and(page.locator(':not([data-state="uploading"])')).waitFor();
  return {
    state: await row.getAttribute('data-state'),
    progress: await row.locator('progress').evaluate((bar) => (bar as HTMLProgressElement).value),
    percent: await row.locator('.percent').textContent(),
    status: await row.locator('.status').textContent(),
  };
}

/** Whether an <img> decoded (a broken or refused download has naturalWidth 0). */
const naturalWidth = (selector: string) =>
  page.waitForFunction((s) => {
    const image = document.querySelector<HTMLImageElement>(s);
    return image?.complete && image.naturalWidth > 0 ? image.naturalWidth : false;
  }, selector);

describe('the demo page in Chromium', () => {
  it('signs in with a pasted dev token', async () => {
    const url = api.graphqlUrl.replace(/graphql$/, 'demo');
    await page.goto(url);
    await page.fill('#token', await api.token('grace', 'Grace'));
    await page.click('#sign-in button');
    await page.locator('#posts-section').waitFor();
    expect(await page.locator('#viewer-name').textContent()).toBe('Signed in as Grace');
  });

  it('sets an avatar: the progress bar reaches 100 % and the image renders from its presigned URL', async () => {
    await page.setInputFiles('#avatar-file', file('avatar.png', 'image/png', solidPng(120, 80, [59, 111, 212])));
    expect(await settledRow('#avatar-uploads', 'avatar.png')).toMatchObject({
      state: 'done',
      progress: 100,
      percent: '100 %',
    });
    expect(await (await naturalWidth('#avatar')).jsonValue()).toBe(120);
    const src = await page.locator('#avatar').getAttribute('src');
    expect(src).toMatch(/\/uploads\/files\/avatar\/.+\.png\?.*X-Amz-Signature=/);
    await screenshot('avatar');
  });

  it('creates a post and attaches an image and a text file, shown as a thumbnail and a link', async () => {
    await page.fill('#post-title', 'Holiday photos');
    await page.click('#new-post button');
    const post = page.locator('.post', { hasText: 'Holiday photos' });
    await post.waitFor();
    await post
      .locator('input.attach')
      .setInputFiles([
        file('beach.png', 'image/png', solidPng(200, 150, [240, 200, 90])),
        file('notes.txt', 'text/plain', new TextEncoder().encode('Sunscreen, towels, a good book.')),
      ]);
    for (const name of ['beach.png', 'notes.txt']) {
      expect(await settledRow('.post', name)).toMatchObject({ state: 'done', progress: 100, percent: '100 %' });
    }
    const postId = await post.getAttribute('data-post-id');
    expect(await (await naturalWidth(`[data-post-id="${postId}"] .files img`)).jsonValue()).toBe(200);
    await expect(post.locator('.files a', { hasText: 'notes.txt' }).count()).resolves.toBe(1);
    const attachments = await api.db.postAttachment.count({ where: { postId: postId! } });
    expect(attachments).toBe(2);
  });

  it('shows why a spoofed file (HTML bytes named .png) was refused, and links nothing', async () => {
    const post = page.locator('.post', { hasText: 'Holiday photos' });
    await post.locator('input.attach').setInputFiles([file('evil.png', 'image/png', HTML_PAGE)]);
    const row = await settledRow('.post', 'evil.png');
    expect(row.state).toBe('rejected');
    expect(row.status).toContain(describeRejection('CONTENT_MISMATCH'));
    expect(row.status).toContain('CONTENT_MISMATCH');
    await expect(post.locator('.files > *').count()).resolves.toBe(2);
    const postId = await post.getAttribute('data-post-id');
    expect(await api.db.postAttachment.count({ where: { postId: postId! } })).toBe(2);
    await screenshot('post');
    // README.md shows this screenshot; refresh it with UPDATE_DOCS_SCREENSHOT=1 npm run test:browser.
    if (process.env['UPDATE_DOCS_SCREENSHOT'] === '1') {
      copyFileSync(path.join(ARTIFACTS, 'demo-post.png'), path.join(PROJECT_DIR, 'docs', 'demo-page.png'));
    }
  });

  it('shows live progress on a slow connection, and Cancel stops the upload and links nothing', async () => {
    // Chromium's network emulation (256 kB/s up) paces the upload's progress events: without it a
    // loopback upload is done before the first one. It hardly holds the bytes back, though, so
    // storage may hold some or all of them when Cancel is pressed; what matters is what is linked.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });
    const post = page.locator('.post', { hasText: 'Holiday photos' });
    const postId = (await post.getAttribute('data-post-id'))!;
    await post.locator('input.attach').setInputFiles([file('big.txt', 'text/plain', new Uint8Array(4 << 20).fill(97))]);
    const row = post.locator('.upload[data-filename="big.txt"]');
    // Part-way: more than 0 %, less than 100 %.
    await page.waitForFunction((selector) => {
      const bar = document.querySelector<HTMLProgressElement>(selector);
      return bar !== null && bar.value > 0 && bar.value < 100;
    }, `[data-post-id="${postId}"] .upload[data-filename="big.txt"] progress`);
    await row.locator('button', { hasText: 'Cancel' }).click();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    expect(await settledRow('.post', 'big.txt')).toMatchObject({ state: 'cancelled' });
    expect(await row.locator('.status').textContent()).toBe('Cancelled: nothing was linked.');
    expect(await api.db.postAttachment.count({ where: { postId } })).toBe(2);
    // The page never confirms a cancelled upload, and gives its ticket up (it no longer counts
    // against the user's pending uploads).
    const ticket = await api.db.uploadTicket.findFirstOrThrow({ where: { filename: 'big.txt' } });
    expect(ticket).toMatchObject({ status: 'REJECTED', rejectionReason: 'ABORTED' });
  });

  it('moves an attachment earlier, removes one, clears the avatar and deletes the post, from the page', async () => {
    const post = page.locator('.post', { hasText: 'Holiday photos' });
    const postId = (await post.getAttribute('data-post-id'))!;
    const tile = (name: string) => post.locator('.files .file', { has: page.locator(`a[title="${name}"]`) });
    const stored = async () => {
      const rows = await api.db.postAttachment.findMany({
        where: { postId },
        orderBy: { position: 'asc' },
        include: { file: true },
      });
      return rows.map((row) => row.file.filename);
    };

    // The two uploads ran at once: either may have been confirmed first.
    const before = await stored();
    expect([...before].sort()).toEqual(['beach.png', 'notes.txt']);
    const [first, second] = before as [string, string];
    await tile(second).locator('button.move').click();
    await post.locator('.files .file').first().locator(`a[title="${second}"]`).waitFor();
    expect(await stored()).toEqual([second, first]);

    const beach = await api.db.file.findFirstOrThrow({ where: { filename: 'beach.png' } });
    await tile('beach.png').locator('button.remove').click();
    await tile('beach.png').waitFor({ state: 'detached' });
    expect(await stored()).toEqual(['notes.txt']);
    await expect(post.locator('.files .file').count()).resolves.toBe(1);
    expect(await api.storage.head(beach.key)).toBeNull();

    await page.click('#clear-avatar');
    await page.locator('#avatar').waitFor({ state: 'hidden' });
    expect(await api.db.user.findFirstOrThrow({ where: { name: 'Grace' } })).toMatchObject({ avatarId: null });

    await post.locator('button.delete-post').click();
    await post.waitFor({ state: 'detached' });
    expect(await api.db.post.findUnique({ where: { id: postId } })).toBeNull();
  });

  it('ran without script errors or blocked requests', () => {
    expect(pageErrors).toEqual([]);
  });
});
