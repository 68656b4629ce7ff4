import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreatePostDocument, ViewerDocument } from '../../src/generated/client/graphql.ts';
import { ConfirmFourParentsDocument, ConfirmParentsDocument, type ParentsFragment } from '../generated/graphql.ts';
import { ofType } from '../support/graphql-client.ts';
import { pdfBytes, pngBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { issueTicket, postToStorage, type UploadRequest } from '../support/upload-client.ts';

// ConfirmedUpload carries the parent the file was linked to (`viewer`, `post`), as it is after the
// confirm: what lets normalized caches apply an upload by themselves (test/client/caches.test.ts).
let api: TestApi;
let alice: string;

const png = pngBytes(600);
const pdf = pdfBytes(700);
const avatar: UploadRequest = { purpose: 'AVATAR', filename: 'me.png', contentType: 'image/png', byteSize: png.length };
const attachment = (postId: string): UploadRequest => ({
  purpose: 'POST_ATTACHMENT',
  filename: 'doc.pdf',
  contentType: 'application/pdf',
  byteSize: pdf.length,
  postId,
});

/** The file and the parents of a confirmed upload (test/support/operations.graphql: Parents). */
const confirmedOf = (payload: ParentsFragment) => ofType(payload, 'ConfirmedUpload');

async function confirmed(ticketId: string) {
  const response = await api.graphql(ConfirmParentsDocument, { ticketId }, alice);
  if (!response.data) throw new Error(JSON.stringify(response.errors));
  return confirmedOf(response.data.confirmUpload);
}

/** A ticket whose file is in storage, ready to confirm. */
async function uploaded(input: UploadRequest, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const ticket = await issueTicket(api, alice, input);
  expect((await postToStorage(ticket, bytes)).status).toBe(204);
  return ticket.id;
}

async function newPost(title: string): Promise<string> {
  const response = await api.graphql(CreatePostDocument, { title }, alice);
  return response.data!.createPost.id;
}

let aliceId: string;

beforeAll(async () => {
  api = await startTestApi();
  alice = await api.token('alice');
  aliceId = (await api.graphql(ViewerDocument, {}, alice)).data!.viewer!.id;
});
afterAll(() => api.stop());

describe('ConfirmedUpload returns the changed parent', () => {
  it('an avatar: the viewer with the new avatar, no post; the same again when confirmed again', async () => {
    const ticketId = await uploaded(avatar, png);
    const payload = await confirmed(ticketId);
    expect(payload).toEqual({
      __typename: 'ConfirmedUpload',
      file: { id: payload.file.id },
      viewer: { id: aliceId, avatar: { id: payload.file.id } },
      post: null,
    });
    expect(await confirmed(ticketId)).toEqual(payload);
  });

  it('an attachment: the post with its attachments in order, the new one last', async () => {
    const postId = await newPost('payload');
    const first = await confirmed(await uploaded(attachment(postId), pdf));
    const second = await confirmed(await uploaded(attachment(postId), pdf));
    expect(first.post).toEqual({ id: postId, attachments: [{ id: first.file.id }] });
    expect(second.post).toEqual({ id: postId, attachments: [{ id: first.file.id }, { id: second.file.id }] });
    expect(second.viewer.id).toBe(aliceId);
  });

  it('two confirms in one operation each show the state after their own change', async () => {
    // The second confirm's parent must not come from what the first read into the request's loaders.
    const postId = await newPost('two at once');
    const [a, b, c, d] = await Promise.all([
      uploaded(attachment(postId), pdf),
      uploaded(attachment(postId), pdf),
      uploaded(avatar, png),
      uploaded(avatar, png),
    ]);
    const response = await api.graphql(ConfirmFourParentsDocument, { a, b, c, d }, alice);
    const data = {
      a: confirmedOf(response.data!.a),
      b: confirmedOf(response.data!.b),
      c: confirmedOf(response.data!.c),
      d: confirmedOf(response.data!.d),
    };
    expect(data.a.post?.attachments).toEqual([{ id: data.a.file.id }]);
    expect(data.b.post?.attachments).toEqual([{ id: data.a.file.id }, { id: data.b.file.id }]);
    expect(data.c.viewer.avatar).toEqual({ id: data.c.file.id });
    expect(data.d.viewer.avatar).toEqual({ id: data.d.file.id });
  });
});
