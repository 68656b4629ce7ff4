import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import {
  ClearAvatarDocument,
  DeletePostDocument,
  RemoveAttachmentDocument,
  ReorderAttachmentsDocument,
  UploadStatusDocument,
} from '../../src/client/index.ts';
import { executorFor, postWithAttachments } from '../file-links/support.ts';
import { databaseState } from '../support/db-state.ts';
import { CONFIRM_UPLOAD, CREATE_POST, REQUEST_UPLOAD } from '../support/operations.ts';
import { pngBytes } from '../support/sample-files.ts';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage, type UploadRequest } from '../support/upload-client.ts';

// Who may do what to user A's things: A, another signed-in user B, and nobody (no token).
let api: TestApi;
let tokens: Record<'A' | 'B' | 'anonymous', string | undefined>;
let postOfA: string;
const png = pngBytes(300);
const attachment = (postId: string): UploadRequest => ({
  purpose: 'POST_ATTACHMENT',
  postId,
  filename: 'a.png',
  contentType: 'image/png',
  byteSize: png.length,
});

beforeAll(async () => {
  api = await startTestApi({ MULTIPART_THRESHOLD_BYTES: String(5 * 2 ** 20) });
  tokens = { A: await api.token('user-a'), B: await api.token('user-b'), anonymous: undefined };
  await api.graphql('{ viewer { id } }', {}, tokens.B); // B exists before the state snapshots
  postOfA = (await api.graphql<any>(CREATE_POST, { title: 'by A' }, tokens.A)).data.createPost.id;
});
afterAll(() => api.stop());

const outcome = (response: GraphQLResponse, field: string): string => {
  const code = response.errors?.[0]?.extensions?.code;
  if (code) return code;
  const value = (response.data as Record<string, any>)[field];
  return value?.reason ?? value?.__typename ?? (value ? 'allowed' : 'null');
};

const ABORT =
  'mutation($ticketId: ID!) { abortUpload(ticketId: $ticketId) { __typename ... on UploadRejected { reason } } }';
const SIGN =
  'mutation($ticketId: ID!, $partNumbers: [Int!]!) { signUploadParts(ticketId: $ticketId, partNumbers: $partNumbers) { __typename ... on UploadRejected { reason } } }';
const UPLOADED =
  'query($ticketId: ID!) { uploadedParts(ticketId: $ticketId) { __typename ... on UploadRejected { reason } } }';

/** A multipart ticket of A's (a 6 MiB video, above the 5 MiB threshold of this server). */
async function multipartTicketOfA(): Promise<string> {
  const input = {
    purpose: 'VIDEO',
    postId: postOfA,
    filename: 'v.mp4',
    contentType: 'video/mp4',
    byteSize: 6 * 2 ** 20,
  };
  return (await api.graphql<any>(REQUEST_UPLOAD_MULTIPART, { input }, tokens.A)).data.requestUpload.id;
}
const REQUEST_UPLOAD_MULTIPART =
  'mutation($input: RequestUploadInput!) { requestUpload(input: $input) { ... on MultipartUploadTicket { id } } }';

type PostOfA = Awaited<ReturnType<typeof postWithAttachments>>;

/** An uploaded, unconfirmed ticket of A's for A's post. */
async function pendingTicketOfA() {
  const ticket = await issueTicket(api, tokens.A!, attachment(postOfA));
  await postToStorage(ticket, png);
  return ticket;
}

describe('authorization matrix', () => {
  type Actor = 'A' | 'B' | 'anonymous';
  /** `prepare` makes what the cell acts on (A's things), before the state is compared. */
  const cells: [string, Actor, () => Promise<() => Promise<string>>, string][] = [];
  function cell(operation: string, run: (actor: Actor) => Promise<string>, expected: Record<Actor, string>): void;
  function cell<T>(
    operation: string,
    run: (actor: Actor, prepared: T) => Promise<string>,
    expected: Record<Actor, string>,
    prepare: () => Promise<T>,
  ): void;
  function cell<T>(
    operation: string,
    run: (actor: Actor, prepared?: T) => Promise<string>,
    expected: Record<Actor, string>,
    prepare?: () => Promise<T>,
  ) {
    for (const actor of ['A', 'B', 'anonymous'] as const) {
      cells.push([
        operation,
        actor,
        async () => {
          const prepared = prepare ? await prepare() : undefined;
          return () => run(actor, prepared);
        },
        expected[actor],
      ]);
    }
  }

  cell(
    "confirm A's ticket",
    async (actor) =>
      outcome(
        await api.graphql(CONFIRM_UPLOAD, { ticketId: (await pendingTicketOfA()).id }, tokens[actor]),
        'confirmUpload',
      ),
    { A: 'ConfirmedUpload', B: 'NOT_FOUND', anonymous: 'UNAUTHENTICATED' },
  );
  cell(
    "request an upload to A's post",
    async (actor) =>
      outcome(await api.graphql(REQUEST_UPLOAD, { input: attachment(postOfA) }, tokens[actor]), 'requestUpload'),
    { A: 'UploadTicket', B: 'TARGET_NOT_FOUND', anonymous: 'UNAUTHENTICATED' },
  );
  cell(
    "read A's post and its files' URLs (posts are public)",
    async (actor) =>
      outcome(
        await api.graphql('query($id: ID!) { post(id: $id) { attachments { url } } }', { id: postOfA }, tokens[actor]),
        'post',
      ),
    { A: 'allowed', B: 'allowed', anonymous: 'allowed' },
  );
  cell(
    "abort A's upload",
    async (actor) => {
      const ticket = await pendingTicketOfA();
      const response = await api.graphql(ABORT, { ticketId: ticket.id }, tokens[actor]);
      // Whatever the answer, the object stays unless A aborted.
      expect(await api.storage.head(ticket.key)).toEqual(actor === 'A' ? null : expect.anything());
      return outcome(response, 'abortUpload');
    },
    { A: 'AbortedUpload', B: 'NOT_FOUND', anonymous: 'UNAUTHENTICATED' },
  );
  cell(
    "sign parts of A's multipart upload",
    async (actor) =>
      outcome(
        await api.graphql(SIGN, { ticketId: await multipartTicketOfA(), partNumbers: [1] }, tokens[actor]),
        'signUploadParts',
      ),
    { A: 'UploadPartUrls', B: 'NOT_FOUND', anonymous: 'UNAUTHENTICATED' },
  );
  cell(
    "list the parts of A's multipart upload",
    async (actor) =>
      outcome(await api.graphql(UPLOADED, { ticketId: await multipartTicketOfA() }, tokens[actor]), 'uploadedParts'),
    { A: 'UploadedParts', B: 'NOT_FOUND', anonymous: 'UNAUTHENTICATED' },
  );
  cell(
    "the status of A's upload",
    async (actor) =>
      outcome(
        await api.graphql(print(UploadStatusDocument), { ticketId: (await pendingTicketOfA()).id }, tokens[actor]),
        'uploadStatus',
      ),
    { A: 'UploadStatus', B: 'NOT_FOUND', anonymous: 'UNAUTHENTICATED' },
  );
  const changeOfA = (
    document: Parameters<typeof print>[0],
    field: string,
    variables: (post: PostOfA) => Record<string, unknown>,
  ) =>
    cell(
      `${field} on A's post`,
      async (actor, post: PostOfA) => {
        const response = await api.graphql(print(document), variables(post), tokens[actor]);
        // Whatever the answer, A's files stay in storage unless A changed the post.
        if (actor !== 'A') for (const key of post.keys) expect(await api.storage.head(key)).not.toBeNull();
        return outcome(response, field);
      },
      {
        A:
          { removeAttachment: 'RemovedAttachment', reorderAttachments: 'ReorderedAttachments' }[field] ?? 'DeletedPost',
        B: 'POST_NOT_FOUND',
        anonymous: 'UNAUTHENTICATED',
      },
      () => postWithAttachments(executorFor(api, tokens.A), 2),
    );
  changeOfA(RemoveAttachmentDocument, 'removeAttachment', (post) => ({ postId: post.postId, fileId: post.fileIds[0] }));
  changeOfA(ReorderAttachmentsDocument, 'reorderAttachments', (post) => ({
    postId: post.postId,
    fileIds: [...post.fileIds].reverse(),
  }));
  changeOfA(DeletePostDocument, 'deletePost', (post) => ({ postId: post.postId }));
  cell(
    "clear the avatar (always the viewer's own)",
    async (actor) => outcome(await api.graphql(print(ClearAvatarDocument), {}, tokens[actor]), 'clearAvatar'),
    { A: 'allowed', B: 'allowed', anonymous: 'UNAUTHENTICATED' },
  );
  cell(
    'viewer (whose account it shows)',
    async (actor) => {
      const response = await api.graphql<any>('{ viewer { name } }', {}, tokens[actor]);
      return (response.data?.viewer?.name as string | undefined) ?? outcome(response, 'viewer');
    },
    { A: 'user-a', B: 'user-b', anonymous: 'null' },
  );

  it.each(cells)('%s as %s', async (_operation, actor, prepare, expected) => {
    const run = await prepare();
    const before = actor === 'A' ? undefined : await databaseState(api);
    expect(await run()).toBe(expected);
    if (before) {
      // A refused actor changed nothing but the ticket A made for the cell.
      const after = await databaseState(api);
      expect(after.files).toBe(before.files);
      expect(after.attachments).toBe(before.attachments);
    }
  });

  it("B's confirm of A's ticket leaves it confirmable by A, with the object in place", async () => {
    const ticket = await pendingTicketOfA();
    expect(await confirm(api, tokens.B!, ticket.id)).toMatchObject({ reason: 'NOT_FOUND' });
    expect(await api.storage.head(ticket.key)).not.toBeNull();
    expect(await confirm(api, tokens.A!, ticket.id)).toHaveProperty('file');
  });

  it('covers every mutation', async () => {
    const response = await api.graphql<any>('{ __type(name: "Mutation") { fields { name } } }');
    expect(response.data.__type.fields.map((field: { name: string }) => field.name).sort()).toEqual([
      'abortUpload',
      'clearAvatar',
      'confirmUpload',
      'createPost',
      'deletePost',
      'removeAttachment',
      'reorderAttachments',
      'requestUpload',
      'signUploadParts',
    ]);
  });
});
