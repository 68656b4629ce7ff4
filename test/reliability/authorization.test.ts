import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  ClearAvatarDocument,
  DeletePostDocument,
  RemoveAttachmentDocument,
  ReorderAttachmentsDocument,
  UploadStatusDocument,
} from '../../src/client/index.ts';
import { executorFor, postWithAttachments } from '../file-links/support.ts';
import { databaseState } from '../support/db-state.ts';
import {
  CreatePostDocument,
  PostDocument,
  SignUploadPartsDocument,
  UploadedPartsDocument,
  ViewerDocument,
} from '../../src/generated/client/graphql.ts';
import {
  AbortTicketDocument,
  ConfirmTicketDocument,
  MutationFieldsDocument,
  RequestTicketDocument,
  type RequestUploadInput,
} from '../generated/graphql.ts';
import { ofType } from '../support/graphql-client.ts';
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
  await api.graphql(ViewerDocument, {}, tokens.B); // B exists before the state snapshots
  postOfA = (await api.graphql(CreatePostDocument, { title: 'by A' }, tokens.A)).data!.createPost.id;
});
afterAll(() => api.stop());

/** The answer's error code, else the rejection's reason, the result's type, or whether there was one. */
const outcome = <K extends string>(response: GraphQLResponse<Record<K, object | null>>, field: K): string => {
  const code = response.errors?.[0]?.extensions?.code;
  if (code) return code;
  const value = response.data?.[field];
  if (value && 'reason' in value && typeof value.reason === 'string') return value.reason;
  if (value && '__typename' in value && typeof value.__typename === 'string') return value.__typename;
  return value ? 'allowed' : 'null';
};

/** A multipart ticket of A's (a 6 MiB video, above the 5 MiB threshold of this server). */
async function multipartTicketOfA(): Promise<string> {
  const input: RequestUploadInput = {
    purpose: 'VIDEO',
    postId: postOfA,
    filename: 'v.mp4',
    contentType: 'video/mp4',
    byteSize: 6 * 2 ** 20,
  };
  const response = await api.graphql(RequestTicketDocument, { input }, tokens.A);
  return ofType(response.data?.requestUpload, 'MultipartUploadTicket').id;
}

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
        await api.graphql(ConfirmTicketDocument, { ticketId: (await pendingTicketOfA()).id }, tokens[actor]),
        'confirmUpload',
      ),
    { A: 'ConfirmedUpload', B: 'NOT_FOUND', anonymous: 'UNAUTHENTICATED' },
  );
  cell(
    "request an upload to A's post",
    async (actor) =>
      outcome(await api.graphql(RequestTicketDocument, { input: attachment(postOfA) }, tokens[actor]), 'requestUpload'),
    { A: 'UploadTicket', B: 'TARGET_NOT_FOUND', anonymous: 'UNAUTHENTICATED' },
  );
  cell(
    "read A's post and its files' URLs (posts are public)",
    async (actor) => outcome(await api.graphql(PostDocument, { id: postOfA }, tokens[actor]), 'post'),
    { A: 'allowed', B: 'allowed', anonymous: 'allowed' },
  );
  cell(
    "abort A's upload",
    async (actor) => {
      const ticket = await pendingTicketOfA();
      const response = await api.graphql(AbortTicketDocument, { ticketId: ticket.id }, tokens[actor]);
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
        await api.graphql(
          SignUploadPartsDocument,
          { ticketId: await multipartTicketOfA(), partNumbers: [1] },
          tokens[actor],
        ),
        'signUploadParts',
      ),
    { A: 'UploadPartUrls', B: 'NOT_FOUND', anonymous: 'UNAUTHENTICATED' },
  );
  cell(
    "list the parts of A's multipart upload",
    async (actor) =>
      outcome(
        await api.graphql(UploadedPartsDocument, { ticketId: await multipartTicketOfA() }, tokens[actor]),
        'uploadedParts',
      ),
    { A: 'UploadedParts', B: 'NOT_FOUND', anonymous: 'UNAUTHENTICATED' },
  );
  cell(
    "the status of A's upload",
    async (actor) =>
      outcome(
        await api.graphql(UploadStatusDocument, { ticketId: (await pendingTicketOfA()).id }, tokens[actor]),
        'uploadStatus',
      ),
    { A: 'UploadStatus', B: 'NOT_FOUND', anonymous: 'UNAUTHENTICATED' },
  );
  /** A change to A's post: `changed` is what A is answered; B is refused as if the post did not exist. */
  const changeOfA = <K extends string, V extends Record<string, unknown>>(
    document: TypedDocumentNode<Record<K, object | null>, V>,
    field: K,
    changed: string,
    variables: (post: PostOfA) => V,
  ) =>
    cell(
      `${field} on A's post`,
      async (actor, post: PostOfA) => {
        const response = await api.graphql(document, variables(post), tokens[actor]);
        // Whatever the answer, A's files stay in storage unless A changed the post.
        if (actor !== 'A') for (const key of post.keys) expect(await api.storage.head(key)).not.toBeNull();
        return outcome(response, field);
      },
      { A: changed, B: 'POST_NOT_FOUND', anonymous: 'UNAUTHENTICATED' },
      () => postWithAttachments(executorFor(api, tokens.A), 2),
    );
  changeOfA(RemoveAttachmentDocument, 'removeAttachment', 'RemovedAttachment', (post) => ({
    postId: post.postId,
    fileId: post.fileIds[0]!,
  }));
  changeOfA(ReorderAttachmentsDocument, 'reorderAttachments', 'ReorderedAttachments', (post) => ({
    postId: post.postId,
    fileIds: [...post.fileIds].reverse(),
  }));
  changeOfA(DeletePostDocument, 'deletePost', 'DeletedPost', (post) => ({ postId: post.postId }));
  cell(
    "clear the avatar (always the viewer's own)",
    async (actor) => outcome(await api.graphql(ClearAvatarDocument, {}, tokens[actor]), 'clearAvatar'),
    { A: 'allowed', B: 'allowed', anonymous: 'UNAUTHENTICATED' },
  );
  cell(
    'viewer (whose account it shows)',
    async (actor) => {
      const response = await api.graphql(ViewerDocument, {}, tokens[actor]);
      return response.data?.viewer?.name ?? outcome(response, 'viewer');
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
    const response = await api.graphql(MutationFieldsDocument);
    expect(response.data?.__type?.fields?.map((field) => field.name).sort()).toEqual([
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
