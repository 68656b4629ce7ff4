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
        // A copy in parts whose own abort failed leaves an upload at the key, under files/ where
        // no by-age pass looks: abort it while the attempt's record still leads here.
        if (owner.kind === 'attempt') await abortUploadsAt(deps.storage, key);
        await deps.storage.delete(key);
        await markObjectDeleted(deps.db, owner.kind, [owner.id]);
      } catch (error) {
        deps.logger.warn({ err: error, key }, 'could not delete an unlinked object; it is left for the sweeper');
      }
    }),
  );
}

/** Aborts every unfinished multipart upload whose key is exactly `key`. */
export async function abortUploadsAt(storage: ObjectStorage, key: string): Promise<void> {
  for await (const page of storage.listMultipartUploads(key)) {
    const own = page.filter((upload) => upload.key === key);
    await Promise.all(own.map((upload) => storage.abortMultipartUpload(upload.key, upload.uploadId)));
  }
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
