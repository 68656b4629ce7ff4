import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ViewerDocument } from '../../src/generated/client/graphql.ts';
import { signingWindow } from '../../src/uploads/download-url.ts';
import { pngBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage } from '../support/upload-client.ts';

// File.url is signed as of the start of a window of half its lifetime: the same URL for every read
// within the window (browser caches and normalized caches keep it), a new one after, and
// File.urlExpiresAt says until when it works. A 10 s lifetime keeps the windows (5 s) short.
const TTL_SECONDS = 10;
let api: TestApi;
let token: string;
const png = pngBytes(800);

beforeAll(async () => {
  api = await startTestApi({ DOWNLOAD_URL_TTL_SECONDS: String(TTL_SECONDS) });
  token = await api.token('uma');
  const ticket = await issueTicket(api, token, {
    purpose: 'AVATAR',
    filename: 'me.png',
    contentType: 'image/png',
    byteSize: png.length,
  });
  await postToStorage(ticket, png);
  expect(await confirm(api, token, ticket.id)).toHaveProperty('file');
});
afterAll(() => api.stop());

interface Read {
  url: string;
  urlExpiresAt: string;
  readAt: number;
}

async function readAvatar(): Promise<Read> {
  const readAt = Date.now();
  const response = await api.graphql(ViewerDocument, {}, token);
  const { url, urlExpiresAt } = response.data!.viewer!.avatar!;
  return { url, urlExpiresAt, readAt };
}

/** X-Amz-Date (20261201T120000Z) as an instant. */
const signedAt = (url: string) =>
  Date.parse(
    new URL(url).searchParams
      .get('X-Amz-Date')!
      .replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('download URLs within and across signing windows', () => {
  it('are the same within a window, work, and expire at urlExpiresAt', async () => {
    // Read twice at the start of a window, so both reads fall in it.
    const { expiresAt } = signingWindow(Date.now(), TTL_SECONDS);
    await sleep(Math.max(0, expiresAt.getTime() - (TTL_SECONDS / 2) * 1000 - Date.now()) + 50);
    const first = await readAvatar();
    const second = await readAvatar();
    expect(second.url).toBe(first.url);
    expect(second.urlExpiresAt).toBe(first.urlExpiresAt);

    const expires = Date.parse(first.urlExpiresAt);
    expect(new URL(first.url).searchParams.get('X-Amz-Expires')).toBe(String(TTL_SECONDS));
    expect(expires).toBe(signedAt(first.url) + TTL_SECONDS * 1000);
    // At least half the lifetime left when handed out, never more than all of it.
    expect(expires - first.readAt).toBeGreaterThan((TTL_SECONDS / 2) * 1000 - 1000);
    expect(expires - first.readAt).toBeLessThanOrEqual(TTL_SECONDS * 1000);

    const download = await fetch(first.url);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);
  });

  it('change in the next window, whose URL expires one window later', async () => {
    const before = await readAvatar();
    const nextWindow = signedAt(before.url) + (TTL_SECONDS / 2) * 1000;
    await sleep(nextWindow - Date.now() + 50);
    const after = await readAvatar();
    expect(after.url).not.toBe(before.url);
    expect(signedAt(after.url)).toBe(nextWindow);
    expect(Date.parse(after.urlExpiresAt) - Date.parse(before.urlExpiresAt)).toBe((TTL_SECONDS / 2) * 1000);
  });
});

describe('signingWindow', () => {
  it.each([
    [10, 5_000],
    [300, 150_000],
    [11, 5_000], // whole seconds
  ])('a %i s lifetime: windows of %i ms, aligned, each URL valid for the whole lifetime', (ttl, windowMs) => {
    const now = Date.UTC(2026, 11, 1, 12, 0, 7, 123);
    const { signedAt: start, expiresAt } = signingWindow(now, ttl);
    expect(start.getTime() % windowMs).toBe(0);
    expect(now - start.getTime()).toBeLessThan(windowMs);
    expect(expiresAt.getTime() - start.getTime()).toBe(ttl * 1000);
    expect(signingWindow(start.getTime() + windowMs - 1, ttl).signedAt).toEqual(start);
    expect(signingWindow(start.getTime() + windowMs, ttl).signedAt.getTime()).toBe(start.getTime() + windowMs);
  });
});
