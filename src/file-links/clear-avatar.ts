import type { Viewer } from '../auth/identity.ts';
import type { Transaction } from '../db/prisma.ts';
import { detachFiles } from './link-rows.ts';
import type { ClearedAvatarRecord, LinkChange } from './link-model.ts';

/**
 * Removes the viewer's avatar. The user row is locked first, as an avatar confirm locks it, so a
 * confirm racing this either lands before (and is cleared) or after (and stays).
 */
export async function clearAvatar(tx: Transaction, viewer: Viewer): Promise<LinkChange<ClearedAvatarRecord>> {
  const [user] = await tx.$queryRaw<{ avatarId: string | null }[]>`
    SELECT "avatarId" FROM "User" WHERE id = ${viewer.id}::uuid FOR UPDATE`;
  const removedFileId = user?.avatarId ?? null;
  const result: ClearedAvatarRecord = { kind: 'cleared-avatar', viewerId: viewer.id, removedFileId };
  if (!removedFileId) return { result, unlinked: [] };
  await tx.user.update({ where: { id: viewer.id }, data: { avatarId: null } });
  return { result, unlinked: await detachFiles(tx, [removedFileId]) };
}
