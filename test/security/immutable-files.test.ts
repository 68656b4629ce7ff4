import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AbortUploadDocument } from '../../src/generated/client/graphql.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { sweep } from '../../src/uploads/cleanup/sweeper.ts';
import { put, putTicket, signedVideoTicket, type PartUrl } from '../support/signed-tickets.ts';
import { pngBytes, textBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage } from '../support/upload-client.ts';
import { AVATAR, PNG } from './post-cases.ts';
import { storeUnderTest } from './store-under-test.ts';
import { recordRow } from './summary.ts';

/**
 * After confirmUpload answers, the bytes behind File.url never change: every way a client can
 * still write with its ticket (POST fields, PUT URL, part URLs) lands on the staging key, and is
 * swept; on a store that keeps unsigned headers (Ceph), none of them reaches the file.
 */
const store = storeUnderTest();
const MiB = 1024 * 1024;
let api: TestApi;
let token: string;

const OTHER = (() => {
  const bytes = pngBytes(PNG.length);
  bytes.fill(0x41, 64);
  return bytes;
})();

async function bytesAt(url: string): Promise<Buffer> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function confirmedFile(ticketId: string) {
  const result = await confirm(api, token, ticketId);
  if (!('file' in result)) throw new Error(`not confirmed: ${JSON.stringify(result)}`);
  return result.file;
}

function kept(name: string, rule: string, storeAnswer: string) {
  recordRow({
    store: store.name,
    case: name,
    rule,
    store_answer: storeAnswer,
    stored: 'staging key only',
    confirm: 'CONFIRMED before',
    verdict: 'verified bytes kept',
  });
}

beforeAll(async () => {
  api = await startTestApi({
    ...store.apiEnv,
    MULTIPART_THRESHOLD_BYTES: String(5 * MiB),
    MULTIPART_PART_SIZE_BYTES: String(5 * MiB),
    // Promotion in parts (UploadPartCopy), as above 5 GiB by default.
    S3_MAX_COPY_BYTES: String(5 * MiB),
    MAX_PENDING_UPLOADS_PER_USER: '1000',
  });
  token = await api.token('alice');
}, 60_000);
afterAll(() => api.stop());

describe(`confirmed files stay as verified on ${store.name}`, () => {
  it("re-posting a confirmed ticket's fields leaves File.url's bytes", async () => {
    const ticket = await issueTicket(api, token, AVATAR);
    expect((await postToStorage(ticket, PNG)).status).toBe(204);
    const file = await confirmedFile(ticket.id);
    const again = await postToStorage(ticket, OTHER);
    expect(await bytesAt(file.url)).toEqual(Buffer.from(PNG));
    kept('POST again after confirm', 'promotion to files/', String(again.status));
  });

  it("re-PUTting a confirmed ticket leaves File.url's bytes", async () => {
    const ticket = await putTicket(api, token, AVATAR);
    expect((await put(ticket, PNG)).ok).toBe(true);
    const file = await confirmedFile(ticket.id);
    const again = await put(ticket, OTHER);
    expect(await bytesAt(file.url)).toEqual(Buffer.from(PNG));
    kept('PUT again after confirm', 'promotion to files/', String(again.status));
  });

  it("re-uploading a part after confirm leaves File.url's bytes (promoted by UploadPartCopy)", async () => {
    const { ticket, bytes, parts } = await signedVideoTicket(api, token);
    const send = (body: Uint8Array<ArrayBuffer>, part: PartUrl) => {
      const start = (part.partNumber - 1) * ticket.partSize;
      return fetch(part.url, { method: 'PUT', body: body.subarray(start, start + part.byteSize) });
    };
    for (const part of parts) expect((await send(bytes, part)).ok).toBe(true);
    const file = await confirmedFile(ticket.id);
    const other = bytes.slice();
    other.fill(0x42, 4096);
    const again = await send(other, parts[0]!);
    expect((await bytesAt(file.url)).equals(Buffer.from(bytes))).toBe(true);
    kept('part again after confirm', 'promotion to files/', String(again.status));
  });

  it('a PUT with unsigned x-amz-acl: public-read is refused or has no effect; unsigned metadata never reaches the file', async () => {
    const ticket = await putTicket(api, token, AVATAR);
    const publicRead = await put(ticket, PNG, { 'x-amz-acl': 'public-read' });
    // Either the store refuses the changed signed header, or the object is still private.
    if (publicRead.ok) {
      const bucketUrl = new URL(ticket.url);
      bucketUrl.search = '';
      // An anonymous GET: what a public-read object would answer with 200 (s3rver checks no auth).
      const unsigned = await fetch(bucketUrl);
      if (store.enforcesPolicies) expect(unsigned.status).toBe(403);
    } else {
      expect(publicRead.status).toBe(403);
    }
    recordRow({
      store: store.name,
      case: 'PUT with x-amz-acl: public-read',
      rule: 'x-amz-acl signed as private',
      store_answer: String(publicRead.status),
      stored: publicRead.ok ? 'ticket key (private)' : 'nothing',
      confirm: '-',
      verdict: publicRead.ok ? 'verified bytes kept' : 'refused by the store',
    });

    const withMeta = await putTicket(api, token, AVATAR);
    const metaAnswer = await put(withMeta, PNG, {
      'x-amz-meta-injected': 'yes',
      'Cache-Control': 'public, max-age=31536000',
    });
    if (metaAnswer.ok) {
      const file = await confirmedFile(withMeta.id);
      const served = await fetch(file.url);
      expect(served.headers.get('x-amz-meta-injected')).toBeNull();
      expect(served.headers.get('cache-control') ?? '').not.toContain('31536000');
    }
    recordRow({
      store: store.name,
      case: 'PUT with x-amz-meta-* and Cache-Control',
      rule: 'promotion replaces metadata',
      store_answer: String(metaAnswer.status),
      stored: metaAnswer.ok ? 'ticket key' : 'nothing',
      confirm: metaAnswer.ok ? 'CONFIRMED, file without them' : '-',
      verdict: metaAnswer.ok ? 'verified bytes kept' : 'refused by the store',
    });
  });

  it('uploads with the fields of a rejected, an aborted and a replaced ticket are gone after one sweep past expiry + grace', async () => {
    const rejected = await issueTicket(api, token, AVATAR);
    await postToStorage(rejected, textBytes('<html>'.padEnd(PNG.length, ' ')));
    expect(await confirm(api, token, rejected.id)).toMatchObject({ reason: 'CONTENT_MISMATCH' });
    const aborted = await issueTicket(api, token, AVATAR);
    expect((await api.graphql(AbortUploadDocument, { ticketId: aborted.id }, token)).data?.abortUpload.__typename).toBe(
      'AbortedUpload',
    );
    const replaced = await issueTicket(api, token, AVATAR);
    await postToStorage(replaced, PNG);
    await confirmedFile(replaced.id);
    const current = await issueTicket(api, token, AVATAR);
    await postToStorage(current, PNG);
    await confirmedFile(current.id);

    const cases = [
      ['after a rejection', rejected],
      ['after an abort', aborted],
      ['after an avatar replacement', replaced],
    ] as const;
    for (const [, ticket] of cases) {
      expect((await postToStorage(ticket, PNG)).status).toBe(204);
      expect(await api.storage.head(ticket.key)).not.toBeNull();
    }
    const latest = Math.max(...cases.map(([, ticket]) => new Date(ticket.expiresAt).getTime()));
    const now = new Date(latest + (api.config.sweep.graceSeconds + 1) * 1000);
    await sweep({ db: api.db, storage: api.storage, logger: createLogger('silent') }, { ...api.config.sweep, now });
    for (const [name, ticket] of cases) {
      const left = await api.storage.head(ticket.key);
      expect(left).toBeNull();
      recordRow({
        store: store.name,
        case: `upload ${name}`,
        rule: 'staging key swept after expiry',
        store_answer: '204',
        stored: 'ticket key, until the sweep',
        confirm: '-',
        verdict: 'removed by the sweep',
      });
    }
  });
});
