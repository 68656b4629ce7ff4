import type { Database } from '../db/prisma.ts';
import type { Logger } from '../shared/logger.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';

export interface OrphanedObject {
  key: string;
  /** The File row to mark once its object is gone. */
  fileId?: string;
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
    objects.map(async ({ key, fileId }) => {
      try {
        await deps.storage.delete(key);
        if (fileId) await deps.db.file.update({ where: { id: fileId }, data: { objectDeletedAt: new Date() } });
      } catch (error) {
        deps.logger.warn({ err: error, key }, 'could not delete an unlinked object; it is left for the sweeper');
      }
    }),
  );
}
