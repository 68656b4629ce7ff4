import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { databaseState } from '../support/db-state.ts';
import { CreatePostDocument } from '../../src/generated/client/graphql.ts';
import { ConfirmTicketDocument, RequestTicketDocument } from '../generated/graphql.ts';
import { isType } from '../support/graphql-client.ts';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/test-api.ts';
import { issueTicket } from '../support/upload-client.ts';

// Thousands of hostile or odd inputs: every answer must be a typed rejection or BAD_USER_INPUT,
// never an internal error, and a refused request must change nothing.
const RUNS = { requestUpload: 1000, confirmUpload: 300 };

let api: TestApi;
let alice: string;
let alicePost: string;
let bobPost: string;
let bobTicket: string;
const outcomes = new Map<string, number>();

beforeAll(async () => {
  api = await startTestApi({
    MAX_PENDING_UPLOADS_PER_USER: '100000',
    MAX_UPLOAD_BYTES_PER_USER_PER_DAY: String(2 ** 53 - 1),
  });
  alice = await api.token('alice');
  const bob = await api.token('bob');
  alicePost = (await api.graphql(CreatePostDocument, { title: 'alice' }, alice)).data!.createPost.id;
  bobPost = (await api.graphql(CreatePostDocument, { title: 'bob' }, bob)).data!.createPost.id;
  bobTicket = (
    await issueTicket(api, bob, { purpose: 'AVATAR', filename: 'b.png', contentType: 'image/png', byteSize: 9 })
  ).id;
});
afterAll(async () => {
  await api.stop();
  process.stdout.write(`generated inputs, outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}\n`);
});

const nasty = fc.constantFrom(
  '',
  ' ',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/absolute.png',
  '.',
  '..',
  'a\u0000.png',
  'line\nbreak.png',
  'tab\t.png',
  'evil\u202egnp.exe',
  'zero\u200bwidth.png',
  'joiner\u200d.png',
  '\ud800lone.png',
  '<script>alert(1)</script>.png',
  '\'; DROP TABLE "File"; --.png',
  '%00.png',
  'x'.repeat(10_000),
  'é'.repeat(200),
);
const filename = fc.oneof(
  nasty,
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.stringMatching(/^[\w .-]{1,40}\.(png|jpg|pdf|txt)$/),
);
const contentType = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('image/png', 'image/jpeg', 'application/pdf', 'text/plain') },
  fc.constantFrom(
    'image/png',
    'IMAGE/PNG',
    ' image/jpeg ',
    'image/png;',
    'image/png; charset=utf-8',
    'text/plain; charset=utf-8',
    'text/plain; charset="UTF-8"; x=y',
    'image/svg+xml',
    'text/html',
    'image/*',
    '*/*',
    'application/pdf',
    'application/x-msdownload',
    'image/png\u0000',
    'image/png\r\nX-Amz-Meta: 1',
    '',
  ),
  fc.string({ maxLength: 100 }),
);
// Mostly well-formed sizes, so most cases get past the schema into the service's own checks.
const byteSize = fc.nat(99).chain((roll) => {
  if (roll < 75) return fc.integer({ min: 1, max: 6 * 2 ** 20 });
  if (roll < 88) return fc.constantFrom(0, -1, 1, 5 * 2 ** 20, 5 * 2 ** 20 + 1, 50 * 2 ** 20 + 1, 2 ** 31, 2 ** 53 - 1);
  if (roll < 94) return fc.constantFrom(2 ** 53, 0.5, 1.5, -0.1, 1e300);
  return fc.double({ noNaN: true, noDefaultInfinity: true });
});
const post = fc.oneof(
  { weight: 4, arbitrary: fc.constant(() => alicePost) },
  { weight: 1, arbitrary: fc.constant(() => bobPost) },
  { weight: 1, arbitrary: fc.uuid().map((id) => () => id) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((id) => () => id) },
);
const input = fc.oneof(
  { weight: 4, arbitrary: fc.record({ purpose: fc.constant('AVATAR'), filename, contentType, byteSize }) },
  {
    weight: 4,
    arbitrary: fc.record({ purpose: fc.constant('POST_ATTACHMENT'), filename, contentType, byteSize, postId: post }),
  },
  // Malformed shapes: unknown purposes, a post where none belongs, none where one is needed.
  {
    weight: 1,
    arbitrary: fc.record({
      purpose: fc.constantFrom('AVATAR', 'POST_ATTACHMENT', 'BANNER', '', 'avatar'),
      filename,
      contentType,
      byteSize,
      postId: fc.option(post, { nil: undefined }),
    }),
  },
);

/** The answer's kind; fails the property for anything but data or BAD_USER_INPUT. */
function classify<K extends string>(
  response: GraphQLResponse<Record<K, { __typename: string; reason?: string }>>,
  field: K,
): string {
  expect(response.status).toBeLessThan(500);
  const code = response.errors?.[0]?.extensions?.code;
  if (code) {
    expect(code).toBe('BAD_USER_INPUT');
    return code;
  }
  const result = response.data![field];
  return result.reason ?? result.__typename;
}

describe('generated inputs', () => {
  it(`requestUpload: ${RUNS.requestUpload} cases, all typed, nothing written when refused`, async () => {
    await fc.assert(
      fc.asyncProperty(input, async (generated) => {
        const before = await databaseState(api);
        const { postId, ...fields } = generated as typeof generated & { postId?: () => string };
        const variables = { input: { ...fields, postId: postId?.() } };
        // Generated variables, the schema's to refuse: sent as they are.
        const response = await api.graphqlRaw(RequestTicketDocument, variables, alice);
        const outcome = classify(response, 'requestUpload');
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        const after = await databaseState(api);
        const ticket = response.data?.requestUpload;
        if (ticket && isType(ticket, 'UploadTicket')) {
          expect(after.tickets).toBe(before.tickets + 1);
          // The filename never reaches the key.
          expect(ticket.key).toMatch(
            /^staging\/(avatar|post_attachment)\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.(png|jpg|gif|webp|pdf|txt)$/,
          );
        } else {
          expect(after).toEqual(before);
        }
      }),
      { numRuns: RUNS.requestUpload },
    );
  }, 120_000);

  it(`confirmUpload: ${RUNS.confirmUpload} cases of foreign, forged and malformed ids`, async () => {
    const ticketId = fc.oneof(
      fc.constant(bobTicket),
      fc.uuid(),
      fc.string({ maxLength: 100 }),
      fc.constantFrom(
        "' OR 1=1 --",
        '00000000-0000-0000-0000-000000000000',
        'x'.repeat(10_000),
        bobTicket.toUpperCase(),
      ),
    );
    await fc.assert(
      fc.asyncProperty(ticketId, async (id) => {
        const before = await databaseState(api);
        const outcome = classify(await api.graphql(ConfirmTicketDocument, { ticketId: id }, alice), 'confirmUpload');
        expect(outcome).toBe('NOT_FOUND');
        expect(await databaseState(api)).toEqual(before);
      }),
      { numRuns: RUNS.confirmUpload },
    );
  }, 120_000);
});
