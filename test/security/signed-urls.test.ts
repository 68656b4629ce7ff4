import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { put, putTicket, signedVideoTicket, type PartUrl, type PutTicket } from '../support/signed-tickets.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm } from '../support/upload-client.ts';
import { AVATAR, PNG, confirmAnswer } from './post-cases.ts';
import { storeUnderTest } from './store-under-test.ts';
import { recordRow } from './summary.ts';

/**
 * PUT tickets and multipart part URLs: a presigned URL whose signature covers Content-Type,
 * Content-Length and Content-MD5 headers. A store that checks signatures (Ceph radosgw) refuses
 * any other header or size and any expired URL; on s3rver (expiry only) confirmUpload must catch
 * what the store let through.
 */
const store = storeUnderTest();
const MiB = 1024 * 1024;
let api: TestApi;
let shortLived: TestApi;
let token: string;
let shortToken: string;
let startedAt: number;

async function answer(response: Response): Promise<string> {
  const code = /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
  return code ? `${response.status} ${code}` : String(response.status);
}

beforeAll(async () => {
  startedAt = Date.now();
  shortLived = await startTestApi({ ...store.apiEnv, TICKET_TTL_SECONDS: '10' });
  shortToken = await shortLived.token('alice');
  api = await startTestApi({
    ...store.apiEnv,
    MULTIPART_THRESHOLD_BYTES: String(5 * MiB),
    MULTIPART_PART_SIZE_BYTES: String(5 * MiB),
  });
  token = await api.token('alice');
}, 60_000);
afterAll(async () => {
  await api.stop();
  await shortLived.stop();
});

/** Runs one misuse, records it, and checks: refused by an enforcing store, else caught at confirm. */
async function check(
  name: string,
  rule: string,
  ticket: Pick<PutTicket, 'id' | 'key'>,
  response: Response,
  on: TestApi,
  as: string,
  caught: string,
) {
  const storeSaid = await answer(response);
  const stored = (await on.storage.head(ticket.key)) !== null;
  const confirmed = await confirmAnswer(on, as, ticket.id);
  const left = (await on.storage.head(ticket.key)) !== null;
  const refused = !response.ok && !stored;
  recordRow({
    store: store.name,
    case: name,
    rule,
    store_answer: storeSaid,
    stored: stored ? 'ticket key' : 'nothing',
    confirm: confirmed,
    verdict: refused
      ? 'refused by the store'
      : !left && confirmed !== 'CONFIRMED'
        ? 'caught by confirmUpload'
        : 'NOT caught: needs an enforcing store',
  });
  expect(left).toBe(false);
  expect(confirmed).not.toBe('CONFIRMED');
  if (store.enforcesPolicies) {
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(stored).toBe(false);
  } else if (response.ok) {
    expect(confirmed).toBe(caught);
  }
}

describe(`signed PUT and part URLs on ${store.name}`, () => {
  it('control: a correct PUT is accepted and confirms', async () => {
    const ticket = await putTicket(api, token, AVATAR);
    expect((await put(ticket, PNG)).ok).toBe(true);
    expect(await confirmAnswer(api, token, ticket.id)).toBe('CONFIRMED');
  });

  it('control: the download URL serves the file with the signed type and disposition; a changed one is refused', async () => {
    const ticket = await putTicket(api, token, AVATAR);
    expect((await put(ticket, PNG)).ok).toBe(true);
    const confirmed = await confirm(api, token, ticket.id);
    if (!('file' in confirmed)) throw new Error(`confirm failed: ${confirmed.reason}`);
    const download = await fetch(confirmed.file.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toMatch(/^inline; filename="/);
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(PNG))).toBe(true);

    const tampered = new URL(confirmed.file.url);
    tampered.searchParams.set('response-content-type', 'text/html');
    const refused = await fetch(tampered);
    recordRow({
      store: store.name,
      case: 'download URL with another response-content-type',
      rule: 'signature covers the response headers',
      store_answer: await answer(refused),
      stored: 'ticket key',
      confirm: 'CONFIRMED',
      verdict: refused.ok ? 'NOT caught: needs an enforcing store' : 'refused by the store',
    });
    if (store.enforcesPolicies) expect(refused.status).toBe(403);
  });

  it("control: a multipart upload in two parts is completed from the store's part list and confirms", async () => {
    const { ticket, bytes, parts } = await signedVideoTicket(api, token);
    for (const part of parts) {
      const start = (part.partNumber - 1) * 5 * MiB;
      expect((await fetch(part.url, { method: 'PUT', body: bytes.subarray(start, start + part.byteSize) })).ok).toBe(
        true,
      );
    }
    const confirmed = await confirm(api, token, ticket.id);
    if (!('file' in confirmed)) throw new Error(`not confirmed: ${JSON.stringify(confirmed)}`);
    expect(await api.storage.head(confirmed.file.key)).toMatchObject({
      byteSize: bytes.length,
      contentType: 'video/mp4',
    });
  });

  it('PUT with another Content-Type', async () => {
    const ticket = await putTicket(api, token, AVATAR);
    await check(
      'PUT: other Content-Type',
      'signed content-type',
      ticket,
      await put(ticket, PNG, { 'Content-Type': 'image/gif' }),
      api,
      token,
      'CONTENT_TYPE_MISMATCH',
    );
  });

  it('PUT with more bytes than signed', async () => {
    const ticket = await putTicket(api, token, AVATAR);
    const bigger = new Uint8Array(PNG.length + 1);
    bigger.set(PNG);
    await check(
      'PUT: larger body',
      'signed content-length',
      ticket,
      await put(ticket, bigger),
      api,
      token,
      'SIZE_MISMATCH',
    );
  });

  it('PUT of other bytes than the declared Content-MD5', async () => {
    const ticket = await putTicket(api, token, {
      ...AVATAR,
      contentMd5: createHash('md5').update(PNG).digest('base64'),
    });
    const other = PNG.slice();
    other[999] = (other[999] ?? 0) ^ 0xff;
    await check(
      'PUT: bytes other than Content-MD5',
      'Content-MD5',
      ticket,
      await put(ticket, other),
      api,
      token,
      'CHECKSUM_MISMATCH',
    );
  });

  it('a part of another size than signed', async () => {
    const { ticket, bytes, parts } = await signedVideoTicket(api, token);
    const [first, last] = parts as [PartUrl, PartUrl];
    expect((await fetch(first.url, { method: 'PUT', body: bytes.subarray(0, 5 * MiB) })).ok).toBe(true);
    const response = await fetch(last.url, { method: 'PUT', body: bytes.subarray(5 * MiB - 1) }); // one byte too many
    await check('part URL: other size', 'signed content-length', ticket, response, api, token, 'SIZE_MISMATCH');
  });

  it('an expired PUT URL', async () => {
    const ticket = await putTicket(shortLived, shortToken, AVATAR);
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const response = await put(ticket, PNG);
    // Expiry is one thing s3rver checks too; and an expired ticket can no longer be confirmed.
    expect(response.ok).toBe(false);
    await check('PUT: after expiry', 'X-Amz-Expires', ticket, response, shortLived, shortToken, 'TICKET_EXPIRED');
    expect(Date.now() - startedAt).toBeGreaterThan(10_000);
  }, 30_000);
});
