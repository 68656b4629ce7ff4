import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/shared/logger.ts';
import { sweep } from '../../src/uploads/cleanup/sweeper.ts';
import {
  CreatePostDocument,
  SignUploadPartsDocument,
  UploadedPartsDocument,
} from '../../src/generated/client/graphql.ts';
import { AbortTicketDocument, RequestTicketDocument, type RequestUploadInput } from '../generated/graphql.ts';
import { databaseState, setTicketExpiry, ticketStatus } from '../support/db-state.ts';
import { ofType } from '../support/graphql-client.ts';
import type { PartUrl } from '../support/signed-tickets.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm, type AnyTicket } from '../support/upload-client.ts';
import { expectDeletedSoon } from '../support/deferred-deletes.ts';

// Multipart above 5 MiB with 5 MiB parts (S3's smallest), so a 12 MiB video has 3 parts.
const MiB = 1024 * 1024;
let api: TestApi;
let token: string;
let postId: string;

type MultipartTicket = Extract<AnyTicket, { __typename: 'MultipartUploadTicket' }>;

/** A 12 MiB "MP4": an ftyp box first, then bytes that differ per offset. */
function video(size = 12 * MiB): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 4096) bytes[i] = (i / 4096) % 251;
  bytes.set([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypisom')]);
  return bytes;
}

/** The answer to a multipart upload's request: a ticket, checked by the test. */
async function requested(bytes: Uint8Array, extra: Partial<RequestUploadInput> = {}): Promise<AnyTicket> {
  const input: RequestUploadInput = {
    purpose: 'VIDEO',
    postId,
    filename: 'clip.mp4',
    contentType: 'video/mp4',
    byteSize: bytes.length,
    ...extra,
  };
  return (await api.graphql(RequestTicketDocument, { input }, token)).data!.requestUpload;
}

async function request(bytes: Uint8Array, extra: Partial<RequestUploadInput> = {}): Promise<MultipartTicket> {
  return ofType(await requested(bytes, extra), 'MultipartUploadTicket');
}

async function sign(ticketId: string, partNumbers: number[], as = token) {
  return (await api.graphql(SignUploadPartsDocument, { ticketId, partNumbers }, as)).data?.signUploadParts;
}

/** The part URLs of a successful sign. */
async function signed(ticketId: string, partNumbers: number[]): Promise<PartUrl[]> {
  return ofType(await sign(ticketId, partNumbers), 'UploadPartUrls').parts;
}

async function abort(ticketId: string, as = token) {
  return (await api.graphql(AbortTicketDocument, { ticketId }, as)).data?.abortUpload;
}

async function putPart(part: PartUrl, bytes: Uint8Array<ArrayBuffer>, ticket: MultipartTicket) {
  const start = (part.partNumber - 1) * ticket.partSize;
  const response = await fetch(part.url, { method: 'PUT', body: bytes.subarray(start, start + part.byteSize) });
  expect(response.ok).toBe(true);
}

async function uploaded(ticketId: string): Promise<number[]> {
  const result = (await api.graphql(UploadedPartsDocument, { ticketId }, token)).data?.uploadedParts;
  return ofType(result, 'UploadedParts').parts.map((part) => part.partNumber);
}

beforeAll(async () => {
  api = await startTestApi({
    MULTIPART_THRESHOLD_BYTES: String(5 * MiB),
    MULTIPART_PART_SIZE_BYTES: String(5 * MiB),
    // Promotion copies in parts above this, as it does above 5 GiB with the default.
    S3_MAX_COPY_BYTES: String(5 * MiB),
  });
  token = await api.token('alice');
  postId = (await api.graphql(CreatePostDocument, { title: 'videos' }, token)).data!.createPost.id;
});
afterAll(() => api.stop());

describe('multipart uploads', () => {
  it('upload in parts, survive an interruption, resume from uploadedParts, confirm, download the same bytes', async () => {
    const bytes = video();
    const answer = await requested(bytes, { checksumSha256: createHash('sha256').update(bytes).digest('base64') });
    expect(answer).toMatchObject({ __typename: 'MultipartUploadTicket', partSize: 5 * MiB, partCount: 3 });
    const ticket = ofType(answer, 'MultipartUploadTicket');

    // Parts 1 and 3 arrive; then the client "crashes" and forgets everything but the ticket id.
    const first = await signed(ticket.id, [1, 3]);
    expect(first.map((part) => part.byteSize)).toEqual([5 * MiB, 2 * MiB]);
    for (const part of first) await putPart(part, bytes, ticket);
    expect(await confirm(api, token, ticket.id)).toMatchObject({ reason: 'NOT_UPLOADED' });

    const done = await uploaded(ticket.id);
    expect(done).toEqual([1, 3]);
    const missing = Array.from({ length: ticket.partCount }, (_, i) => i + 1).filter((n) => !done.includes(n));
    for (const part of await signed(ticket.id, missing)) await putPart(part, bytes, ticket);

    const confirmed = await confirm(api, token, ticket.id);
    if (!('file' in confirmed)) throw new Error(JSON.stringify(confirmed));
    expect(confirmed.file).toMatchObject({ byteSize: bytes.length, contentType: 'video/mp4' });
    const download = await fetch(confirmed.file.url);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    // Confirming again answers the same; the upload no longer exists as parts.
    expect(await confirm(api, token, ticket.id)).toMatchObject({ file: { id: confirmed.file.id } });
    // Settled: no more parts, nothing to abort, each said as such (not as an unknown ticket).
    expect(await sign(ticket.id, [1])).toMatchObject({ reason: 'ALREADY_SETTLED' });
    expect(await abort(ticket.id)).toMatchObject({ reason: 'ALREADY_SETTLED' });
  });

  it('re-sending a part after confirm, or a whole new upload to the staging key, leaves the file as verified', async () => {
    const bytes = video();
    const ticket = await request(bytes);
    const parts = await signed(ticket.id, [1, 2, 3]);
    for (const part of parts) await putPart(part, bytes, ticket);
    const confirmed = await confirm(api, token, ticket.id);
    if (!('file' in confirmed)) throw new Error(JSON.stringify(confirmed));
    // Promoted by UploadPartCopy here (S3_MAX_COPY_BYTES is below the video's size).
    expect(confirmed.file.key).toMatch(/^files\/video\//);

    const other = video();
    other.fill(0x42, 4096);
    // The part URLs of the completed upload, still within their lifetime: whatever the store
    // makes of them (a real one refuses: the upload id is gone), the file does not change.
    for (const part of parts) {
      const start = (part.partNumber - 1) * ticket.partSize;
      await fetch(part.url, { method: 'PUT', body: other.subarray(start, start + part.byteSize) });
    }
    const download = await fetch(confirmed.file.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    await expectDeletedSoon(api.storage, ticket.key);
  });

  it('a part of the wrong size is SIZE_MISMATCH: rejected, parts freed, nothing linked', async () => {
    const bytes = video();
    const ticket = await request(bytes);
    const parts = await signed(ticket.id, [1, 2, 3]);
    for (const part of parts) {
      const start = (part.partNumber - 1) * ticket.partSize;
      const size = part.partNumber === 2 ? part.byteSize - 1 : part.byteSize; // s3rver does not enforce it
      await fetch(part.url, { method: 'PUT', body: bytes.subarray(start, start + size) });
    }
    const before = await databaseState(api);
    expect(await confirm(api, token, ticket.id)).toMatchObject({ reason: 'SIZE_MISMATCH' });
    expect((await databaseState(api)).files).toBe(before.files);
    expect(await api.storage.listParts(ticket.key, (await uploadIdOf(ticket.id))!)).toBeNull();
  });

  it('a corrupted part with a declared checksum is CHECKSUM_MISMATCH and the object is deleted', async () => {
    const bytes = video();
    const ticket = await request(bytes, { checksumSha256: createHash('sha256').update(bytes).digest('base64') });
    const corrupted = bytes.slice();
    corrupted[6 * MiB] = (corrupted[6 * MiB] ?? 0) ^ 0xff;
    for (const part of await signed(ticket.id, [1, 2, 3])) await putPart(part, corrupted, ticket);
    expect(await confirm(api, token, ticket.id)).toMatchObject({ reason: 'CHECKSUM_MISMATCH' });
    expect(await api.storage.head(ticket.key)).toBeNull();
  });

  it('abortUpload frees the parts, is idempotent, and closes the ticket', async () => {
    const bytes = video();
    const ticket = await request(bytes);
    await putPart((await signed(ticket.id, [1]))[0]!, bytes, ticket);
    const uploadId = (await uploadIdOf(ticket.id))!;
    expect(await api.storage.listParts(ticket.key, uploadId)).toHaveLength(1);

    expect(await abort(ticket.id)).toEqual({ __typename: 'AbortedUpload', ticketId: ticket.id });
    expect(await api.storage.listParts(ticket.key, uploadId)).toBeNull();
    expect((await abort(ticket.id))?.__typename).toBe('AbortedUpload');
    expect(await sign(ticket.id, [2])).toMatchObject({ reason: 'ABORTED' });
    expect(await confirm(api, token, ticket.id)).toMatchObject({ reason: 'ABORTED' });
  });

  it("refuses other users' tickets and malformed part numbers", async () => {
    const ticket = await request(video());
    const bob = await api.token('bob');
    expect(await sign(ticket.id, [1], bob)).toMatchObject({ reason: 'NOT_FOUND' });
    expect(await abort(ticket.id, bob)).toMatchObject({ reason: 'NOT_FOUND' });
    for (const partNumbers of [[0], [4], [1, 1], [], Array.from({ length: 101 }, (_, i) => i + 1)]) {
      const response = await api.graphql(SignUploadPartsDocument, { ticketId: ticket.id, partNumbers }, token);
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('the sweeper aborts the multipart upload of an expired ticket', async () => {
    const bytes = video();
    const ticket = await request(bytes);
    await putPart((await signed(ticket.id, [2]))[0]!, bytes, ticket);
    const uploadId = (await uploadIdOf(ticket.id))!;
    await setTicketExpiry(api, ticket.id, new Date(Date.now() - 1000));
    await sweep(
      { db: api.db, storage: api.storage, logger: createLogger('silent') },
      { ...api.config.sweep, graceSeconds: 0 },
    );
    expect(await api.storage.listParts(ticket.key, uploadId)).toBeNull();
    expect(await ticketStatus(api, ticket.id)).toBe('REJECTED');
  });

  it('picks a part size that keeps a 5 TiB video within 10,000 parts', async () => {
    const quota = await startTestApi({ MAX_UPLOAD_BYTES_PER_USER_PER_DAY: String(6 * 1024 ** 4) });
    try {
      const viewer = await quota.token('big');
      const post = (await quota.graphql(CreatePostDocument, { title: 'film' }, viewer)).data!.createPost.id;
      const input: RequestUploadInput = {
        purpose: 'VIDEO',
        postId: post,
        filename: 'film.mov',
        contentType: 'video/quicktime',
        byteSize: 5 * 1024 ** 4,
      };
      const answer = (await quota.graphql(RequestTicketDocument, { input }, viewer)).data?.requestUpload;
      const ticket = ofType(answer, 'MultipartUploadTicket');
      expect(ticket.partCount).toBeLessThanOrEqual(10_000);
      expect(ticket.partSize * ticket.partCount).toBeGreaterThanOrEqual(input.byteSize);
      expect(ticket.partSize % MiB).toBe(0);
      expect(ticket.partSize).toBeLessThanOrEqual(5 * 1024 ** 3);
    } finally {
      await quota.stop();
    }
  });
});

async function uploadIdOf(ticketId: string): Promise<string | null> {
  return (await api.db.uploadTicket.findUniqueOrThrow({ where: { id: ticketId } })).uploadId;
}
