import type { Viewer } from '../auth/identity.ts';
import type { Transaction } from '../db/prisma.ts';
import { isUuid } from '../shared/ids.ts';
import type { OrphanedObject } from '../uploads/cleanup/object-cleanup.ts';

/**
 * Locks the viewer's post for the rest of the transaction; false when there is no such post or it
 * is someone else's (the same answer, so ids of other people's posts reveal nothing). The lock is
 * the one confirmUpload takes before it adds an attachment, so changes and confirms of one post
 * take turns: no attachment is added to a post being reordered or deleted.
 */
export async function lockOwnPost(tx: Transaction, viewer: Viewer, postId: string): Promise<boolean> {
  if (!isUuid(postId)) return false;
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Post" WHERE id = ${postId}::uuid AND "authorId" = ${viewer.id}::uuid FOR UPDATE`;
  return rows.length === 1;
}

/**
 * Marks files as no longer linked (their rows stay: tickets and the sweeper refer to them) and
 * returns their objects, deleted once the transaction committed. Should that deletion fail, the
 * sweeper's pass over detached files deletes them later.
 */
export async function detachFiles(tx: Transaction, fileIds: readonly string[]): Promise<OrphanedObject[]> {
  if (fileIds.length === 0) return [];
  const detached = await tx.file.updateManyAndReturn({
    where: { id: { in: [...fileIds] }, detachedAt: null },
    data: { detachedAt: new Date() },
    select: { id: true, key: true },
  });
  return detached.map((file) => ({ key: file.key, owner: { kind: 'file', id: file.id } }));
}
