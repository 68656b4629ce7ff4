import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { databaseState, setTicketExpiry, ticketStatus } from '../support/db-state.ts';
import { CreatePostDocument, ViewerDocument } from '../../src/generated/client/graphql.ts';
import { ConfirmTicketDocument } from '../generated/graphql.ts';
import { HTML_PAGE, pngBytes, textBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage, type UploadRequest } from '../support/upload-client.ts';
import { expectDeletedSoon, expectMarkedDeletedSoon } from '../support/deferred-deletes.ts';

let api: TestApi;
let alice: string;
let bob: string;

const png = pngBytes(1000);
const avatarOf = (bytes: Uint8Array, overrides: Partial<UploadRequest> = {}): UploadRequest => ({
  purpose: 'AVATAR',
  filename: 'me.png',
  contentType: 'image/png',
  byteSize: bytes.length,
  ...overrides,
});

beforeAll(async () => {
  api = await startTestApi();
  alice = await api.token('alice');
  bob = await api.token('bob');
  await api.graphql(ViewerDocument, {}, bob); // users are created on first sight
});
afterAll(() => api.stop());

describe('confirmUpload checks the stored object', () => {
  it('NOT_UPLOADED keeps the ticket pending; the same ticket confirms once the file is there', async () => {
    const ticket = await issueTicket(api, alice, avatarOf(png));
    const before = await databaseState(api);
    expect(await confirm(api, alice, ticket.id)).toMatchObject({ reason: 'NOT_UPLOADED' });
    expect(await databaseState(api)).toEqual(before);
    expect(await ticketStatus(api, ticket.id)).toBe('PENDING');

    await postToStorage(ticket, png);
    expect(await confirm(api, alice, ticket.id)).toHaveProperty('file.key', expect.stringMatching(/^files\//));
  });

  // s3rver does not enforce POST policies, so a client can store what the ticket did not allow:
  // exactly the case the confirm checks exist for.
  it.each<[string, string, { bytes: Uint8Array<ArrayBuffer>; override?: Record<string, string> }]>([
    ['SIZE_MISMATCH', 'more bytes than declared', { bytes: pngBytes(1001) }],
    ['SIZE_MISMATCH', 'fewer bytes than declared', { bytes: pngBytes(999) }],
    ['CONTENT_TYPE_MISMATCH', 'another Content-Type field', { bytes: png, override: { 'Content-Type': 'image/jpeg' } }],
    ['CONTENT_MISMATCH', 'HTML bytes declared as image/png', { bytes: html(1000) }],
    ['CONTENT_MISMATCH', 'a JPEG declared as image/png', { bytes: jpegLike(1000) }],
  ])('%s: %s → rejected for good, object deleted, nothing linked', async (reason, _name, upload) => {
    const ticket = await issueTicket(api, alice, avatarOf(png));
    expect((await postToStorage(ticket, upload.bytes, { override: upload.override ?? {} })).status).toBe(204);
    expect(await api.storage.head(ticket.key)).not.toBeNull();
    const before = await databaseState(api);

    expect(await confirm(api, alice, ticket.id)).toMatchObject({ __typename: 'UploadRejected', reason });
    expect(await api.storage.head(ticket.key)).toBeNull();
    expect(await ticketStatus(api, ticket.id)).toBe('REJECTED');
    expect(await databaseState(api)).toEqual({ ...before, pendingTickets: before.pendingTickets - 1 });

    // Final: uploading a good file afterwards does not revive the ticket.
    await postToStorage(ticket, png);
    expect(await confirm(api, alice, ticket.id)).toMatchObject({ reason });
  });

  it('CONTENT_MISMATCH for text/plain that is not UTF-8 or holds NUL bytes', async () => {
    const post = await api.graphql(CreatePostDocument, { title: 'texts' }, alice);
    for (const bytes of [new Uint8Array([0x68, 0x69, 0xff, 0xfe]), new Uint8Array([0x68, 0x00, 0x69])]) {
      const ticket = await issueTicket(api, alice, {
        purpose: 'POST_ATTACHMENT',
        postId: post.data!.createPost.id,
        filename: 'notes.txt',
        contentType: 'text/plain',
        byteSize: bytes.length,
      });
      await postToStorage(ticket, bytes);
      expect(await confirm(api, alice, ticket.id)).toMatchObject({ reason: 'CONTENT_MISMATCH' });
      expect(await api.storage.head(ticket.key)).toBeNull();
    }
  });

  it('accepts UTF-8 text whose first 4 KiB end inside a multi-byte character', async () => {
    const post = await api.graphql(CreatePostDocument, { title: 'long text' }, alice);
    const bytes = textBytes('a' + '€'.repeat(3000)); // '€' is 3 bytes: byte 4096 splits one
    const ticket = await issueTicket(api, alice, {
      purpose: 'POST_ATTACHMENT',
      postId: post.data!.createPost.id,
      filename: 'euro.txt',
      contentType: 'text/plain; charset=utf-8',
      byteSize: bytes.length,
    });
    await postToStorage(ticket, bytes);
    expect(await confirm(api, alice, ticket.id)).toHaveProperty('file.contentType', 'text/plain');
  });

  it('TICKET_EXPIRED: too late to confirm; the object is deleted', async () => {
    const ticket = await issueTicket(api, alice, avatarOf(png));
    await postToStorage(ticket, png);
    await setTicketExpiry(api, ticket.id, new Date(Date.now() - 1000));
    const before = await databaseState(api);
    expect(await confirm(api, alice, ticket.id)).toMatchObject({ reason: 'TICKET_EXPIRED' });
    expect(await api.storage.head(ticket.key)).toBeNull();
    expect((await databaseState(api)).files).toBe(before.files);
  });

  it("NOT_FOUND for unknown ids and for someone else's ticket, which stays usable by its owner", async () => {
    const ticket = await issueTicket(api, alice, avatarOf(png));
    await postToStorage(ticket, png);
    const before = await databaseState(api);
    for (const id of [ticket.id, '00000000-0000-4000-8000-000000000000', 'nonsense']) {
      expect(await confirm(api, bob, id)).toMatchObject({ reason: 'NOT_FOUND' });
    }
    expect(await databaseState(api)).toEqual(before);
    expect(await api.storage.head(ticket.key)).not.toBeNull();
    expect(await confirm(api, alice, ticket.id)).toHaveProperty('file');
  });

  it('UNAUTHENTICATED without a token', async () => {
    const response = await api.graphql(ConfirmTicketDocument, { ticketId: 'x' });
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('confirmUpload is idempotent and race-free', () => {
  it('confirming again returns the same file', async () => {
    const ticket = await issueTicket(api, alice, avatarOf(png));
    await postToStorage(ticket, png);
    const first = await confirm(api, alice, ticket.id);
    const second = await confirm(api, alice, ticket.id);
    expect('file' in first && 'file' in second && second.file.id === first.file.id).toBe(true);
  });

  it('20 concurrent confirms of one ticket produce exactly one File', async () => {
    const ticket = await issueTicket(api, alice, avatarOf(png));
    await postToStorage(ticket, png);
    const before = await databaseState(api);
    const results = await Promise.all(Array.from({ length: 20 }, () => confirm(api, alice, ticket.id)));
    const fileIds = new Set(results.map((result) => ('file' in result ? result.file.id : result.reason)));
    expect(fileIds.size).toBe(1);
    expect([...fileIds][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(await api.db.file.count({ where: { ticketId: ticket.id } })).toBe(1);
    expect((await databaseState(api)).files).toBe(before.files + 1);
  });

  it('a new avatar replaces the old one, whose object is deleted', async () => {
    const carol = await api.token('carol');
    const keys: string[] = [];
    for (let i = 0; i < 2; i++) {
      const ticket = await issueTicket(api, carol, avatarOf(png));
      await postToStorage(ticket, png);
      const confirmed = await confirm(api, carol, ticket.id);
      if (!('file' in confirmed)) throw new Error(JSON.stringify(confirmed));
      keys.push(confirmed.file.key);
    }
    const viewer = await api.graphql(ViewerDocument, {}, carol);
    expect(viewer.data?.viewer?.avatar?.key).toBe(keys[1]);
    const replaced = await api.db.file.findUnique({ where: { key: keys[0]! } });
    expect(replaced?.detachedAt).toBeInstanceOf(Date);
    await expectDeletedSoon(api.storage, keys[0]!);
    await expectMarkedDeletedSoon(api.db, keys[0]!);
    expect(await api.storage.head(keys[1]!)).not.toBeNull();
  });

  it('concurrent avatar confirms of one user all succeed; one avatar stays, the replaced ones are deleted', async () => {
    const dave = await api.token('dave');
    const tickets = [];
    for (let i = 0; i < 8; i++) {
      const ticket = await issueTicket(api, dave, avatarOf(png));
      await postToStorage(ticket, png);
      tickets.push(ticket);
    }
    const results = await Promise.all(tickets.map((ticket) => confirm(api, dave, ticket.id)));
    const fileKeys = results.map((result) => ('file' in result ? result.file.key : 'not confirmed'));
    expect(fileKeys.every((key) => key.startsWith('files/'))).toBe(true);
    const viewer = await api.graphql(ViewerDocument, {}, dave);
    const current = viewer.data!.viewer!.avatar!.key;
    for (const key of fileKeys.filter((key) => key !== current)) {
      await expectDeletedSoon(api.storage, key);
      await expectMarkedDeletedSoon(api.db, key);
    }
    expect(await api.storage.head(current)).not.toBeNull();
    for (const ticket of tickets) await expectDeletedSoon(api.storage, ticket.key);
    const files = await api.db.file.findMany({ where: { key: { in: fileKeys } } });
    expect(files.filter((file) => file.detachedAt === null).map((file) => file.key)).toEqual([current]);
  });

  it('ATTACHMENT_LIMIT_REACHED at confirm when a post filled up after the ticket was issued', async () => {
    const post = await api.graphql(CreatePostDocument, { title: 'full' }, alice);
    const input: UploadRequest = {
      purpose: 'POST_ATTACHMENT',
      postId: post.data!.createPost.id,
      filename: 'a.txt',
      contentType: 'text/plain',
      byteSize: 2,
    };
    const late = await issueTicket(api, alice, input);
    // Hide the late ticket from the request-time count, as a race between requests would.
    await setTicketExpiry(api, late.id, new Date(Date.now() - 1000));
    for (let i = 0; i < 20; i++) {
      const ticket = await issueTicket(api, alice, input);
      await postToStorage(ticket, textBytes('hi'));
      expect(await confirm(api, alice, ticket.id)).toHaveProperty('file');
    }
    await setTicketExpiry(api, late.id, new Date(Date.now() + 60_000));
    await postToStorage(late, textBytes('hi'));
    expect(await confirm(api, alice, late.id)).toMatchObject({ reason: 'ATTACHMENT_LIMIT_REACHED' });
    expect(await api.storage.head(late.key)).toBeNull();
    expect(await api.db.postAttachment.count({ where: { postId: post.data!.createPost.id } })).toBe(20);
  });
});

function html(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(HTML_PAGE);
  return bytes;
}

function jpegLike(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
}
