import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AvatarChecksumsDocument,
  RequestTicketDocument,
  type RequestUploadInput,
  type UploadMethod,
} from '../generated/graphql.ts';
import { databaseState } from '../support/db-state.ts';
import { isType, ofType } from '../support/graphql-client.ts';
import { pngBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { put, type PutTicket } from '../support/signed-tickets.ts';
import { confirm, postToStorage, type AnyTicket } from '../support/upload-client.ts';

let api: TestApi;
let token: string;

const digest = (algorithm: 'sha256' | 'md5', bytes: Uint8Array) => createHash(algorithm).update(bytes).digest('base64');
const png = pngBytes(3000);
const forged = pngBytes(3000).map((byte, i) => (i === 2999 ? byte ^ 0xff : byte)); // same size and type, one byte off
const avatar = (extra: Partial<RequestUploadInput> = {}): RequestUploadInput => ({
  purpose: 'AVATAR',
  filename: 'me.png',
  contentType: 'image/png',
  byteSize: png.length,
  ...extra,
});

async function request(input: RequestUploadInput): Promise<AnyTicket> {
  const response = await api.graphql(RequestTicketDocument, { input }, token);
  return response.data!.requestUpload;
}

async function putTicket(extra: Partial<RequestUploadInput> = {}): Promise<PutTicket> {
  const ticket = await request(avatar({ method: 'PUT', ...extra }));
  expect(ticket.__typename).toBe('PutUploadTicket');
  return ofType(ticket, 'PutUploadTicket');
}

beforeAll(async () => {
  api = await startTestApi();
  token = await api.token('alice');
});
afterAll(() => api.stop());

describe('PUT tickets', () => {
  it('sign Content-Type, Content-Length, a private ACL and the checksums as headers, and confirm like POST', async () => {
    const sha256 = digest('sha256', png);
    const md5 = digest('md5', png);
    const ticket = await putTicket({ checksumSha256: sha256, contentMd5: md5 });
    expect(ticket.headers).toEqual([
      { name: 'Content-Type', value: 'image/png' },
      { name: 'Content-Length', value: String(png.length) },
      { name: 'x-amz-acl', value: 'private' },
      { name: 'Content-MD5', value: md5 },
      { name: 'x-amz-checksum-sha256', value: sha256 },
    ]);
    const signed = new URL(ticket.url).searchParams.get('X-Amz-SignedHeaders') ?? '';
    expect(signed.split(';')).toEqual(
      expect.arrayContaining(['content-type', 'content-length', 'x-amz-acl', 'content-md5', 'x-amz-checksum-sha256']),
    );
    expect(new URL(ticket.url).searchParams.has('x-amz-checksum-sha256')).toBe(false); // a header, not a query parameter

    expect((await put(ticket, png)).ok).toBe(true);
    const confirmed = await confirm(api, token, ticket.id);
    if (!('file' in confirmed)) throw new Error(JSON.stringify(confirmed));
    const file = await api.graphql(AvatarChecksumsDocument, {}, token);
    expect(file.data?.viewer?.avatar).toEqual({
      key: expect.stringMatching(/^files\/avatar\//),
      checksumSha256: sha256,
      contentMd5: md5,
    });
  });

  it('a PUT with another Content-Type is caught at confirm (CONTENT_TYPE_MISMATCH), object deleted', async () => {
    const ticket = await putTicket();
    await put(ticket, png, { 'Content-Type': 'image/gif' });
    expect(await confirm(api, token, ticket.id)).toMatchObject({ reason: 'CONTENT_TYPE_MISMATCH' });
    expect(await api.storage.head(ticket.key)).toBeNull();
  });
});

describe('declared checksums', () => {
  it.each<[string, { checksumSha256?: string; contentMd5?: string }]>([
    ['SHA-256 on a POST (verified by reading the object once)', { checksumSha256: digest('sha256', png) }],
    ['MD5 on a POST (verified from the ETag)', { contentMd5: digest('md5', png) }],
  ])('%s: the right bytes confirm and the checksum is recorded', async (_name, declared) => {
    const answer = await request(avatar(declared));
    expect(answer.__typename).toBe('UploadTicket');
    const ticket = ofType(answer, 'UploadTicket');
    if (declared.contentMd5) expect(ticket.fields).toContainEqual({ name: 'Content-MD5', value: declared.contentMd5 });
    await postToStorage(ticket, png);
    expect(await confirm(api, token, ticket.id)).toHaveProperty('file');
  });

  it.each<[string, UploadMethod, Partial<RequestUploadInput>]>([
    ['SHA-256, POST', 'POST', { checksumSha256: digest('sha256', png) }],
    ['MD5, POST', 'POST', { contentMd5: digest('md5', png) }],
    ['SHA-256, PUT', 'PUT', { checksumSha256: digest('sha256', png) }],
    ['MD5, PUT', 'PUT', { contentMd5: digest('md5', png) }],
  ])('%s: corrupted bytes of the same size and type are refused, nothing linked', async (_name, method, declared) => {
    const before = await databaseState(api);
    const answer = await request(avatar({ method, ...declared }));
    const ticket = ofType(answer, method === 'PUT' ? 'PutUploadTicket' : 'UploadTicket');
    const stored = isType(ticket, 'PutUploadTicket') ? await put(ticket, forged) : await postToStorage(ticket, forged);
    // A store that checks the declared digest refuses the upload; s3rver stores it and the
    // confirm catches it.
    const result = await confirm(api, token, ticket.id);
    expect(result).toMatchObject({ reason: stored.ok ? 'CHECKSUM_MISMATCH' : 'NOT_UPLOADED' });
    expect(await api.storage.head(ticket.key)).toBeNull();
    const after = await databaseState(api);
    expect(after.files).toBe(before.files);
  });

  it.each([
    ['hex instead of base64', { checksumSha256: createHash('sha256').update(png).digest('hex') }],
    ['the wrong length', { contentMd5: digest('sha256', png) }],
    ['not base64', { contentMd5: '!!!!' }],
  ])('BAD_USER_INPUT for a checksum in %s', async (_name, declared) => {
    const response = await api.graphql(RequestTicketDocument, { input: avatar(declared) }, token);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
