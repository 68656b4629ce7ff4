import type { Database } from '../../db/prisma.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ObjectStorage } from '../../storage/object-storage.ts';

export interface OrphanedObject {
  key: string;
  /**
   * The row that records the object, marked once the object is gone (a promotion attempt's record,
   * keyed by the copy's key, is removed instead).
   */
  owner: { kind: 'file' | 'ticket' | 'attempt'; id: string };
  /** An unfinished multipart upload to that key, whose parts are freed too. */
  uploadId?: string | null;
}

/**
 * Deletes objects that nothing links any more. Runs after the database has committed, and a
 * failure only logs: the rows say what is still to delete, so a later sweep can finish the job.
 */
export async function deleteObjects(
  deps: { db: Database; storage: ObjectStorage; logger: Logger },
  objects: readonly OrphanedObject[],
): Promise<void> {
  await Promise.all(
    objects.map(async ({ key, owner, uploadId }) => {
      try {
        if (uploadId) await deps.storage.abortMultipartUpload(key, uploadId);
        await deps.storage.delete(key);
        await markObjectDeleted(deps.db, owner.kind, [owner.id]);
      } catch (error) {
        deps.logger.warn({ err: error, key }, 'could not delete an unlinked object; it is left for the sweeper');
      }
    }),
  );
}

/** Records that these rows' objects are gone, so no sweep deletes them again. */
export async function markObjectDeleted(
  db: Pick<Database, 'file' | 'uploadTicket' | 'promotionAttempt'>,
  kind: OrphanedObject['owner']['kind'],
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  if (kind === 'attempt') {
    await db.promotionAttempt.deleteMany({ where: { key: { in: ids } } });
    return;
  }
  const where = { id: { in: ids }, objectDeletedAt: null };
  const data = { objectDeletedAt: new Date() };
  if (kind === 'file') await db.file.updateMany({ where, data });
  else await db.uploadTicket.updateMany({ where, data });
}
