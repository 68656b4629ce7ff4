import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { databaseState } from '../support/db-state.ts';
import { CreatePostDocument } from '../../src/generated/client/graphql.ts';
import { RequestTicketDocument } from '../generated/graphql.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { issueTicket, requestTicket, type UploadRequest } from '../support/upload-client.ts';

let api: TestApi;
let alice: string;
let bob: string;
let alicePost: string;
let bobPost: string;

const MiB = 1024 * 1024;
const avatar = (overrides: Partial<UploadRequest> = {}): UploadRequest => ({
  purpose: 'AVATAR',
  filename: 'me.png',
  contentType: 'image/png',
  byteSize: 1000,
  ...overrides,
});

async function createPost(token: string, title: string): Promise<string> {
  const response = await api.graphql(CreatePostDocument, { title }, token);
  return response.data!.createPost.id;
}

beforeAll(async () => {
  api = await startTestApi();
  alice = await api.token('alice');
  bob = await api.token('bob');
  alicePost = await createPost(alice, 'Alice writes');
  bobPost = await createPost(bob, 'Bob writes');
});
afterAll(() => api.stop());

/** Asserts the request is refused with `reason` and that the database is exactly as before. */
async function expectRejected(token: string, input: UploadRequest, reason: string) {
  const before = await databaseState(api);
  const result = await requestTicket(api, token, input);
  expect(result).toMatchObject({ __typename: 'UploadRejected', reason });
  expect((result as { message: string }).message.length).toBeGreaterThan(0);
  expect(await databaseState(api)).toEqual(before);
}

describe('requestUpload refuses, as data, and writes nothing', () => {
  it.each([
    ['a PDF as an avatar', avatar({ contentType: 'application/pdf' })],
    ['SVG (can carry scripts)', avatar({ contentType: 'image/svg+xml' })],
    ['HTML', avatar({ contentType: 'text/html' })],
    ['a malformed type', avatar({ contentType: 'image/png\r\nX-Evil: 1' })],
    ['a type with unknown parameters', avatar({ contentType: 'image/png; name=x' })],
    ['text for an avatar', avatar({ contentType: 'text/plain' })],
  ])('CONTENT_TYPE_NOT_ALLOWED: %s', (_name, input) => expectRejected(alice, input, 'CONTENT_TYPE_NOT_ALLOWED'));

  it('EMPTY_FILE: zero bytes', () => expectRejected(alice, avatar({ byteSize: 0 }), 'EMPTY_FILE'));

  it('TOO_LARGE: one byte over each purpose limit', async () => {
    await expectRejected(alice, avatar({ byteSize: 5 * MiB + 1 }), 'TOO_LARGE');
    await expectRejected(
      alice,
      {
        purpose: 'POST_ATTACHMENT',
        postId: alicePost,
        filename: 'a.pdf',
        contentType: 'application/pdf',
        byteSize: 50 * MiB + 1,
      },
      'TOO_LARGE',
    );
  });

  it('accepts exactly the limit', async () => {
    expect(await requestTicket(api, alice, avatar({ byteSize: 5 * MiB }))).toMatchObject({
      __typename: 'UploadTicket',
      byteSize: 5 * MiB,
    });
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['256 bytes', 'a'.repeat(252) + '.png'],
    ['256 bytes of multi-byte characters', 'é'.repeat(128)],
    ['a NUL byte', 'me\u0000.png'],
    ['a newline', 'me\n.png'],
    ['DEL', 'me\u007f.png'],
    ['a right-to-left override', 'invoice\u202egnp.exe'],
    ['a path', '../../etc/passwd'],
    ['a Windows path', 'C:\\Users\\me.png'],
    ['a lone surrogate', 'me\ud800.png'],
  ])('INVALID_FILENAME: %s', (_name, filename) => expectRejected(alice, avatar({ filename }), 'INVALID_FILENAME'));

  it('accepts a 255-byte Unicode filename and keeps it as given', async () => {
    const filename = 'ü'.repeat(125) + 'x.png'; // 250 + 5 bytes
    expect(Buffer.byteLength(filename)).toBe(255);
    const ticket = await issueTicket(api, alice, avatar({ filename }));
    expect(ticket.key).not.toContain('ü');
  });

  it.each([
    ['no such post', () => '00000000-0000-4000-8000-000000000000'],
    ['an id that is not a post id', () => 'not-an-id'],
    ["someone else's post", () => bobPost],
  ])('TARGET_NOT_FOUND: %s', (_name, postId) =>
    expectRejected(
      alice,
      { purpose: 'POST_ATTACHMENT', postId: postId(), filename: 'a.txt', contentType: 'text/plain', byteSize: 10 },
      'TARGET_NOT_FOUND',
    ),
  );

  it('ATTACHMENT_LIMIT_REACHED: a post takes at most 20 attachments, uploads in flight included', async () => {
    const postId = await createPost(alice, 'Many files');
    const input = {
      purpose: 'POST_ATTACHMENT' as const,
      postId,
      filename: 'a.txt',
      contentType: 'text/plain',
      byteSize: 10,
    };
    for (let i = 0; i < 20; i++) await issueTicket(api, alice, input);
    await expectRejected(alice, input, 'ATTACHMENT_LIMIT_REACHED');
  });
});

describe('requestUpload errors for malformed input and missing credentials', () => {
  async function expectError(variables: Record<string, unknown>, token: string | undefined, code: string) {
    const before = await databaseState(api);
    // Variables the schema refuses, so they are sent as written, not as typed.
    const response = await api.graphqlRaw(RequestTicketDocument, variables, token);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(JSON.stringify(response.errors)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
    expect(await databaseState(api)).toEqual(before);
  }

  it.each([
    ['a negative size', { input: avatar({ byteSize: -1 }) }],
    ['a fractional size', { input: avatar({ byteSize: 1.5 }) }],
    ['a size beyond 2^53-1', { input: avatar({ byteSize: 2 ** 53 }) }],
    ['a size as a string', { input: { ...avatar(), byteSize: '100' } }],
    ['an unknown purpose', { input: { ...avatar(), purpose: 'BANNER' } }],
    [
      'an attachment without a post',
      { input: { purpose: 'POST_ATTACHMENT', filename: 'a.txt', contentType: 'text/plain', byteSize: 3 } },
    ],
    ['a post id on an avatar', { input: avatar({ postId: '00000000-0000-4000-8000-000000000000' }) }],
    ['an empty post id on an avatar', { input: avatar({ postId: '' }) }],
    [
      'an empty post id on an attachment',
      { input: { purpose: 'POST_ATTACHMENT', filename: 'a.txt', contentType: 'text/plain', byteSize: 3, postId: '' } },
    ],
  ])('BAD_USER_INPUT: %s', (_name, variables) => expectError(variables, alice, 'BAD_USER_INPUT'));

  it.each(['-1', '1.5'])('BAD_USER_INPUT for byteSize %s written inline in the query', async (byteSize) => {
    const response = await api.graphqlRaw(
      `mutation { requestUpload(input: { purpose: AVATAR, filename: "a.png", contentType: "image/png", byteSize: ${byteSize} }) { __typename } }`,
      {},
      alice,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['no token', undefined],
    [
      'a token signed with another secret',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.5mhBHqs5_DTLdINd9p5m7ZJ6XD0Xc55kIaCRY5r6HRA',
    ],
    ['garbage', 'not-a-jwt'],
  ])('UNAUTHENTICATED with %s', (_name, token) => expectError({ input: avatar() }, token, 'UNAUTHENTICATED'));
});
