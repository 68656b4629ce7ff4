import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ConfirmUploadDocument,
  DeletePostDocument,
  PostDocument,
  RemoveAttachmentDocument,
  ReorderAttachmentsDocument,
  RequestUploadDocument,
  type Execute,
} from '../../src/client/index.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { newId } from '../../src/shared/ids.ts';
import { sweep } from '../../src/uploads/cleanup/sweeper.ts';
import { pdfBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { postToStorage } from '../support/upload-client.ts';
import { attachmentIds, errorCode, executorFor, postWithAttachments } from './support.ts';

// Removing, reordering and deleting: typed refusals for every bad input (nothing changes then),
// removed objects gone from storage (at once, or by the sweep when that delete failed), and
// changes racing confirms without a deadlock or a lost attachment.
let api: TestApi;
let owner: Execute;

beforeAll(async () => {
  api = await startTestApi({ MAX_PENDING_UPLOADS_PER_USER: '100' });
  owner = executorFor(api, await api.token('owner'));
});
afterAll(() => api.stop());

const pdf = pdfBytes(400);

/** A ticket for the post whose bytes are in storage, not confirmed yet. */
async function uploadedTicket(postId: string): Promise<{ id: string; key: string }> {
  const input = { purpose: 'POST_ATTACHMENT' as const, filename: 'p.pdf', contentType: 'application/pdf' };
  const { requestUpload: ticket } = await owner(RequestUploadDocument, {
    input: { ...input, byteSize: pdf.length, postId },
  });
  if (ticket.__typename !== 'UploadTicket') throw new Error(JSON.stringify(ticket));
  expect((await postToStorage(ticket, pdf)).ok).toBe(true);
  const row = await api.db.uploadTicket.findUniqueOrThrow({ where: { id: ticket.id } });
  return { id: ticket.id, key: row.key };
}

describe('removeAttachment', () => {
  it('detaches the file, keeps the order of the others and deletes the object', async () => {
    const post = await postWithAttachments(owner, 3);
    const { removeAttachment } = await owner(RemoveAttachmentDocument, {
      postId: post.postId,
      fileId: post.fileIds[1]!,
    });
    expect(removeAttachment).toMatchObject({ __typename: 'RemovedAttachment', removedFileId: post.fileIds[1] });
    expect(await attachmentIds(owner, post.postId)).toEqual([post.fileIds[0], post.fileIds[2]]);
    expect(await api.storage.head(post.keys[1]!)).toBeNull();
    expect(await api.storage.head(post.keys[0]!)).not.toBeNull();
    const row = await api.db.file.findUniqueOrThrow({ where: { id: post.fileIds[1]! } });
    expect(row.detachedAt).toBeInstanceOf(Date);
    expect(row.objectDeletedAt).toBeInstanceOf(Date);
  });

  it('answers ATTACHMENT_NOT_FOUND for a file of another post, a removed one, or no file at all', async () => {
    const post = await postWithAttachments(owner, 2);
    const elsewhere = await postWithAttachments(owner, 1);
    await owner(RemoveAttachmentDocument, { postId: post.postId, fileId: post.fileIds[0]! });
    for (const fileId of [elsewhere.fileIds[0]!, post.fileIds[0]!, newId(), 'not-an-id', '']) {
      const { removeAttachment } = await owner(RemoveAttachmentDocument, { postId: post.postId, fileId });
      expect(removeAttachment).toMatchObject({ __typename: 'ChangeRejected', reason: 'ATTACHMENT_NOT_FOUND' });
    }
    expect(await attachmentIds(owner, post.postId)).toEqual([post.fileIds[1]]);
    expect(await attachmentIds(owner, elsewhere.postId)).toEqual(elsewhere.fileIds);
  });

  it('leaves the object to the sweep when deleting it failed, and the sweep deletes it', async () => {
    const post = await postWithAttachments(owner, 1);
    const key = post.keys[0]!;
    await owner(RemoveAttachmentDocument, { postId: post.postId, fileId: post.fileIds[0]! });
    // As if the store had failed the delete: the object is back and its row says it is still there.
    await api.db.file.update({ where: { id: post.fileIds[0]! }, data: { objectDeletedAt: null } });
    const form = await api.storage.presignPost({
      key,
      contentType: 'application/pdf',
      byteSize: pdf.length,
      expiresInSeconds: 60,
    });
    expect((await postToStorage(form, pdf)).ok).toBe(true);

    const swept = await sweep(
      { db: api.db, storage: api.storage, logger: createLogger('silent') },
      { ...api.config.sweep, graceSeconds: 0 },
    );
    expect(swept.deletedObjects).toBeGreaterThanOrEqual(1);
    expect(await api.storage.head(key)).toBeNull();
    expect((await api.db.file.findUniqueOrThrow({ where: { id: post.fileIds[0]! } })).objectDeletedAt).toBeInstanceOf(
      Date,
    );
  });
});

describe('reorderAttachments', () => {
  it('puts the attachments in the given order, again and again', async () => {
    const post = await postWithAttachments(owner, 4);
    const [a, b, c, d] = post.fileIds as [string, string, string, string];
    for (const order of [
      [d, c, b, a],
      [b, d, a, c],
      [a, b, c, d],
    ]) {
      const { reorderAttachments } = await owner(ReorderAttachmentsDocument, { postId: post.postId, fileIds: order });
      expect(reorderAttachments.__typename).toBe('ReorderedAttachments');
      expect(await attachmentIds(owner, post.postId)).toEqual(order);
    }
  });

  it('refuses a list that is not exactly the current attachments, and changes nothing', async () => {
    const post = await postWithAttachments(owner, 3);
    const [a, b, c] = post.fileIds as [string, string, string];
    const other = await postWithAttachments(owner, 1);
    for (const fileIds of [[a, b], [a, b, c, other.fileIds[0]!], [a, b, other.fileIds[0]!], [], [a, b, 'x']]) {
      const { reorderAttachments } = await owner(ReorderAttachmentsDocument, { postId: post.postId, fileIds });
      expect(reorderAttachments).toMatchObject({ __typename: 'ChangeRejected', reason: 'ORDER_MISMATCH' });
    }
    expect(await attachmentIds(owner, post.postId)).toEqual(post.fileIds);
  });

  it('refuses duplicates and oversized lists as BAD_USER_INPUT before any work', async () => {
    const post = await postWithAttachments(owner, 2);
    const [a, b] = post.fileIds as [string, string];
    expect(await errorCode(owner(ReorderAttachmentsDocument, { postId: post.postId, fileIds: [a, a, b] }))).toBe(
      'BAD_USER_INPUT',
    );
    const many = Array.from({ length: 20_000 }, () => newId());
    expect(await errorCode(owner(ReorderAttachmentsDocument, { postId: post.postId, fileIds: many }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await attachmentIds(owner, post.postId)).toEqual(post.fileIds);
  });
});

describe('deletePost', () => {
  it('deletes the post, its attachments and objects, and rejects its uploads in progress', async () => {
    const post = await postWithAttachments(owner, 2);
    const pending = await uploadedTicket(post.postId);

    const { deletePost } = await owner(DeletePostDocument, { postId: post.postId });
    expect(deletePost).toEqual({ __typename: 'DeletedPost', deletedPostId: post.postId });
    expect((await owner(PostDocument, { id: post.postId })).post).toBeNull();
    for (const key of [...post.keys, pending.key]) expect(await api.storage.head(key)).toBeNull();
    expect(await api.db.postAttachment.count({ where: { fileId: { in: post.fileIds } } })).toBe(0);
    expect(await api.db.file.count({ where: { id: { in: post.fileIds }, detachedAt: null } })).toBe(0);

    const { confirmUpload } = await owner(ConfirmUploadDocument, { ticketId: pending.id });
    expect(confirmUpload).toMatchObject({ __typename: 'UploadRejected', reason: 'TARGET_NOT_FOUND' });
    const { requestUpload } = await owner(RequestUploadDocument, {
      input: {
        purpose: 'POST_ATTACHMENT',
        filename: 'late.pdf',
        contentType: 'application/pdf',
        byteSize: 10,
        postId: post.postId,
      },
    });
    expect(requestUpload).toMatchObject({ __typename: 'UploadRejected', reason: 'TARGET_NOT_FOUND' });
    expect((await owner(DeletePostDocument, { postId: post.postId })).deletePost).toMatchObject({
      reason: 'POST_NOT_FOUND',
    });
  });

  it('races confirms and ticket requests of its post without a deadlock or a file left attached', async () => {
    const post = await postWithAttachments(owner, 1);
    const tickets = await Promise.all(Array.from({ length: 6 }, () => uploadedTicket(post.postId)));
    const request = () =>
      owner(RequestUploadDocument, {
        input: {
          purpose: 'POST_ATTACHMENT',
          filename: 'r.pdf',
          contentType: 'application/pdf',
          byteSize: 10,
          postId: post.postId,
        },
      }).then((result) => result.requestUpload);
    const [deleted, ...answers] = await Promise.all([
      owner(DeletePostDocument, { postId: post.postId }),
      ...tickets.map((ticket) => owner(ConfirmUploadDocument, { ticketId: ticket.id }).then((r) => r.confirmUpload)),
      ...Array.from({ length: 6 }, request),
    ]);
    expect(deleted.deletePost.__typename).toBe('DeletedPost');
    for (const answer of answers) {
      // Before the deletion, a confirm links its file (then the deletion detaches it) and a request
      // gets a ticket (then rejected by it); after it, both are refused as TARGET_NOT_FOUND.
      if ('reason' in answer) expect(answer.reason).toBe('TARGET_NOT_FOUND');
      else expect(['ConfirmedUpload', 'UploadTicket']).toContain(answer.__typename);
    }
    expect(await api.db.postAttachment.count({ where: { postId: post.postId } })).toBe(0);
    const files = await api.db.file.findMany({ where: { ticketId: { in: tickets.map((ticket) => ticket.id) } } });
    for (const file of files) {
      expect(file.detachedAt).toBeInstanceOf(Date);
      expect(await api.storage.head(file.key)).toBeNull();
    }
    const ids = answers.flatMap((answer) => (answer.__typename === 'UploadTicket' ? [answer.id] : []));
    const issued = await api.db.uploadTicket.findMany({ where: { id: { in: [...ids, ...tickets.map((t) => t.id)] } } });
    expect(issued.filter((ticket) => ticket.status === 'PENDING')).toEqual([]);
  });
});
