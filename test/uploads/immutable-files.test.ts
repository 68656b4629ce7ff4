import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/shared/logger.ts';
import { sweep } from '../../src/uploads/cleanup/sweeper.ts';
import { AbortUploadDocument, ViewerDocument } from '../../src/generated/client/graphql.ts';
import { pngBytes, textBytes } from '../support/sample-files.ts';
import { put, putTicket } from '../support/signed-tickets.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage, type UploadRequest } from '../support/upload-client.ts';

// After confirmUpload answers, the bytes behind File.url never change, whatever a client does
// with the ticket it still holds; and what it uploads with that ticket later is swept.
let api: TestApi;
let alice: string;
const png = pngBytes(2000);
/** Same size, same type, passes the sniff too: only the bytes differ. */
const otherPng = (() => {
  const bytes = pngBytes(2000);
  bytes.fill(0x41, 100);
  return bytes;
})();
const avatar: UploadRequest = { purpose: 'AVATAR', filename: 'me.png', contentType: 'image/png', byteSize: png.length };
const logger = createLogger('silent');

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

async function avatarUrl(): Promise<string> {
  const viewer = await api.graphql(ViewerDocument, {}, alice);
  return viewer.data!.viewer!.avatar!.url;
}

/** One sweep as if run just after the ticket's expiry plus the grace period. */
function sweepAfterExpiry(expiresAt: string) {
  const now = new Date(new Date(expiresAt).getTime() + (api.config.sweep.graceSeconds + 1) * 1000);
  return sweep({ db: api.db, storage: api.storage, logger }, { ...api.config.sweep, now });
}

beforeAll(async () => {
  api = await startTestApi({ MAX_PENDING_UPLOADS_PER_USER: '1000' });
  alice = await api.token('alice');
});
afterAll(() => api.stop());

describe('a confirmed file', () => {
  it('keeps its bytes when the POST ticket is used again after confirm', async () => {
    const ticket = await issueTicket(api, alice, avatar);
    await postToStorage(ticket, png);
    const confirmed = await confirm(api, alice, ticket.id);
    if (!('file' in confirmed)) throw new Error(JSON.stringify(confirmed));
    expect(confirmed.file.key).not.toBe(ticket.key);

    // The ticket's own fields, before it expires: the store takes the upload (s3rver and S3 do)...
    expect((await postToStorage(ticket, otherPng)).status).toBe(204);
    expect(await api.storage.head(ticket.key)).not.toBeNull();
    // ...but it lands on the staging key, not on the file's.
    expect(await download(confirmed.file.url)).toEqual(png);
    expect(await download(await avatarUrl())).toEqual(png);
    // Confirming again answers the same file; nothing of the new upload is linked.
    expect(await confirm(api, alice, ticket.id)).toHaveProperty('file.key', confirmed.file.key);
    expect(await download(await avatarUrl())).toEqual(png);
  });

  it('keeps its bytes when the PUT ticket is used again after confirm', async () => {
    const ticket = await putTicket(api, alice, avatar);
    expect((await put(ticket, png)).ok).toBe(true);
    const confirmed = await confirm(api, alice, ticket.id);
    if (!('file' in confirmed)) throw new Error(JSON.stringify(confirmed));
    expect((await put(ticket, otherPng)).ok).toBe(true);
    expect(await download(confirmed.file.url)).toEqual(png);
  });

  it('is the verified bytes even when the staged object is replaced while confirms race', async () => {
    const ticket = await issueTicket(api, alice, avatar);
    await postToStorage(ticket, png);
    // Confirms and re-uploads of other bytes interleave; whichever confirm wins links one copy,
    // and that copy holds bytes that were checked.
    const [confirms] = await Promise.all([
      Promise.all(Array.from({ length: 12 }, () => confirm(api, alice, ticket.id))),
      Promise.all(Array.from({ length: 6 }, () => postToStorage(ticket, otherPng))),
    ]);
    // A confirm that saw the object change under it answers NOT_UPLOADED ("confirm again"); all
    // of them may, when every one raced a re-upload. Every answer is one of the two.
    for (const result of confirms) if (!('file' in result)) expect(result).toMatchObject({ reason: 'NOT_UPLOADED' });
    const keys = new Set(confirms.flatMap((result) => ('file' in result ? [result.file.key] : [])));
    expect(keys.size).toBeLessThanOrEqual(1);
    // Once the uploads hold still, confirming settles it, on the same file if one was linked.
    const settled = await confirm(api, alice, ticket.id);
    if (!('file' in settled)) throw new Error(JSON.stringify(settled));
    if (keys.size === 1) expect(keys).toContain(settled.file.key);
    const fileKey = settled.file.key;
    const file = await api.db.file.findUniqueOrThrow({ where: { ticketId: ticket.id } });
    expect(file.key).toBe(fileKey);
    const linked = await download(await avatarUrl());
    expect([png, otherPng]).toContainEqual(linked);
    // The ETag the content checks were pinned to is the one of the bytes served.
    expect(file.etag).toBe(`"${createHash('md5').update(linked).digest('hex')}"`);
    // The losers' copies are gone, and no attempt record is left behind.
    const copies = [];
    for await (const page of api.storage.listObjects(`files/avatar/${file.ownerId}/`)) copies.push(...page);
    expect(copies.map((object) => object.key)).toContain(fileKey);
    expect(await api.db.promotionAttempt.count({ where: { ticketId: ticket.id } })).toBe(0);
    // And re-uploads after the confirm change nothing.
    await postToStorage(ticket, linked === png ? otherPng : png);
    expect(await download(await avatarUrl())).toEqual(linked);
  });
});

describe('uploads made with a ticket that can no longer link anything', () => {
  it('are deleted by one sweep after expiry + grace: after a rejection, an abort, an avatar replacement', async () => {
    // Rejected: HTML declared as PNG. The object is deleted at once, then uploaded again.
    const rejected = await issueTicket(api, alice, avatar);
    await postToStorage(rejected, textBytes('<html>'.padEnd(png.length, ' ')));
    expect(await confirm(api, alice, rejected.id)).toMatchObject({ reason: 'CONTENT_MISMATCH' });
    // Aborted.
    const aborted = await issueTicket(api, alice, avatar);
    expect((await api.graphql(AbortUploadDocument, { ticketId: aborted.id }, alice)).data?.abortUpload.__typename).toBe(
      'AbortedUpload',
    );
    // Replaced: confirmed, then another avatar confirmed after it.
    const replaced = await issueTicket(api, alice, avatar);
    await postToStorage(replaced, png);
    await confirm(api, alice, replaced.id);
    const current = await issueTicket(api, alice, avatar);
    await postToStorage(current, png);
    await confirm(api, alice, current.id);

    const tickets = [rejected, aborted, replaced];
    for (const ticket of tickets) {
      expect((await postToStorage(ticket, png)).status).toBe(204);
      expect(await api.storage.head(ticket.key)).not.toBeNull();
    }
    const latest = tickets
      .map((ticket) => ticket.expiresAt)
      .sort()
      .at(-1)!;
    await sweepAfterExpiry(latest);
    for (const ticket of tickets) expect(await api.storage.head(ticket.key)).toBeNull();
    // The current avatar is untouched.
    expect(await download(await avatarUrl())).toEqual(png);
    // Marked: the next sweep has nothing left to do for them.
    const rows = await api.db.uploadTicket.findMany({ where: { id: { in: tickets.map((ticket) => ticket.id) } } });
    expect(rows.every((row) => row.stagingSweptAt instanceof Date)).toBe(true);
  });
});
