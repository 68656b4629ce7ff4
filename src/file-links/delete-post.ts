import type { Viewer } from '../auth/identity.ts';
import type { Transaction } from '../db/prisma.ts';
import { isUuid } from '../shared/ids.ts';
import type { OrphanedObject } from '../uploads/cleanup/object-cleanup.ts';
import { detachFiles, lockOwnPost } from './link-rows.ts';
import { POST_NOT_FOUND, type DeletePostResult, type LinkChange } from './link-model.ts';

/**
 * Deletes the viewer's post: its attachments are detached (their objects deleted), its uploads in
 * progress rejected as TARGET_NOT_FOUND (their stored bytes or parts deleted), and its tickets no
 * longer name it (the foreign key sets them to null).
 *
 * Locks are taken in confirmUpload's order, the post's tickets before the post, so a confirm of one
 * of them and this deletion wait for each other instead of deadlocking. A confirm that comes second
 * finds its ticket rejected; a ticket requested meanwhile fails on the post's foreign key.
 */
export async function deletePost(
  tx: Transaction,
  viewer: Viewer,
  postId: string,
): Promise<LinkChange<DeletePostResult>> {
  if (!(await isOwnPost(tx, viewer, postId))) return { result: POST_NOT_FOUND, unlinked: [] };
  await tx.$queryRaw`SELECT id FROM "UploadTicket" WHERE "postId" = ${postId}::uuid ORDER BY id FOR UPDATE`;
  if (!(await lockOwnPost(tx, viewer, postId))) return { result: POST_NOT_FOUND, unlinked: [] };

  const pending = await tx.uploadTicket.updateManyAndReturn({
    where: { postId, status: 'PENDING' },
    data: { status: 'REJECTED', rejectionReason: 'TARGET_NOT_FOUND', settledAt: new Date() },
    select: { id: true, key: true, uploadId: true },
  });
  const attachments = await tx.postAttachment.findMany({ where: { postId }, select: { fileId: true } });
  const detached = await detachFiles(
    tx,
    attachments.map((row) => row.fileId),
  );
  await tx.postAttachment.deleteMany({ where: { postId } });
  await tx.post.delete({ where: { id: postId } });
  const staged: OrphanedObject[] = pending.map((ticket) => ({
    key: ticket.key,
    owner: { kind: 'ticket', id: ticket.id },
    uploadId: ticket.uploadId,
  }));
  return {
    result: { kind: 'deleted-post', deletedPostId: postId, viewerId: viewer.id },
    unlinked: [...detached, ...staged],
  };
}

/** Checked without a lock first, so asking to delete someone else's post locks none of their rows. */
async function isOwnPost(tx: Transaction, viewer: Viewer, postId: string): Promise<boolean> {
  if (!isUuid(postId)) return false;
  const post = await tx.post.findUnique({ where: { id: postId }, select: { authorId: true } });
  return post?.authorId === viewer.id;
}
