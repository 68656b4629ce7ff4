import type { Viewer } from '../auth/identity.ts';
import type { Transaction } from '../db/prisma.ts';
import { InvalidInputError } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { MAX_ATTACHMENTS_PER_POST } from '../uploads/purposes.ts';
import { detachFiles, lockOwnPost } from './link-rows.ts';
import {
  POST_NOT_FOUND,
  refuseChange,
  type LinkChange,
  type RemoveAttachmentResult,
  type ReorderAttachmentsResult,
} from './link-model.ts';

const ATTACHMENT_NOT_FOUND = refuseChange('ATTACHMENT_NOT_FOUND', 'This file is not attached to the post.');

/** Detaches one file from the viewer's post. The other attachments keep their order. */
export async function removeAttachment(
  tx: Transaction,
  viewer: Viewer,
  postId: string,
  fileId: string,
): Promise<LinkChange<RemoveAttachmentResult>> {
  if (!(await lockOwnPost(tx, viewer, postId))) return { result: POST_NOT_FOUND, unlinked: [] };
  if (!isUuid(fileId)) return { result: ATTACHMENT_NOT_FOUND, unlinked: [] };
  const { count } = await tx.postAttachment.deleteMany({ where: { postId, fileId } });
  if (count === 0) return { result: ATTACHMENT_NOT_FOUND, unlinked: [] };
  return {
    result: { kind: 'removed-attachment', postId, removedFileId: fileId },
    unlinked: await detachFiles(tx, [fileId]),
  };
}

/**
 * Gives the post's attachments the order of `fileIds`, which must name each of them exactly once:
 * a list made before another change (an upload confirmed or a file removed meanwhile in another
 * tab) is refused rather than guessed at.
 */
export async function reorderAttachments(
  tx: Transaction,
  viewer: Viewer,
  postId: string,
  fileIds: readonly string[],
): Promise<LinkChange<ReorderAttachmentsResult>> {
  assertDistinct(fileIds);
  if (!(await lockOwnPost(tx, viewer, postId))) return { result: POST_NOT_FOUND, unlinked: [] };
  const current = await tx.postAttachment.findMany({ where: { postId }, select: { fileId: true } });
  const attached = new Set(current.map((row) => row.fileId));
  if (fileIds.length !== attached.size || !fileIds.every((id) => attached.has(id))) {
    return {
      result: refuseChange('ORDER_MISMATCH', "fileIds must name each of the post's attachments exactly once."),
      unlinked: [],
    };
  }
  // (postId, position) is the primary key, checked row by row: move every row out of the way
  // (negative positions) first, so that no row lands on a position another still holds.
  await tx.$executeRaw`UPDATE "PostAttachment" SET position = -1 - position WHERE "postId" = ${postId}::uuid`;
  await tx.$executeRaw`
    UPDATE "PostAttachment" AS a SET position = o.position - 1
    FROM unnest(${fileIds}::uuid[]) WITH ORDINALITY AS o(file_id, position)
    WHERE a."postId" = ${postId}::uuid AND a."fileId" = o.file_id`;
  return { result: { kind: 'reordered-attachments', postId }, unlinked: [] };
}

/** Duplicates are malformed whatever the post holds; long lists are refused before any work. */
function assertDistinct(fileIds: readonly string[]): void {
  if (fileIds.length > MAX_ATTACHMENTS_PER_POST) {
    throw new InvalidInputError(`A post has at most ${MAX_ATTACHMENTS_PER_POST} attachments.`, 'fileIds');
  }
  if (new Set(fileIds).size !== fileIds.length) {
    throw new InvalidInputError('fileIds names a file more than once.', 'fileIds');
  }
}
