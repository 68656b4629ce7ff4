import type { Database } from '../../db/prisma.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ObjectStorage } from '../../storage/object-storage.ts';

export interface OrphanedObject {
  key: string;
  /**
   * The row that records the object, marked once the object is gone (a promotion attempt's record,
   * keyed by the copy's key, is removed instead). A confirmed ticket's staged upload has none and
   * is not deleted here (deferred-deletes.ts).
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
        await markObjectDeleted(onPool(deps.db), owner.kind, [owner.id]);
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

/** Runs one statement with its parameters: the pool's prepared statements, or a transaction's. */
export type RunStatement = (name: string, text: string, values: unknown[]) => Promise<unknown>;

/** Records that these rows' objects are gone, so no sweep deletes them again. */
export async function markObjectDeleted(
  run: RunStatement,
  kind: OrphanedObject['owner']['kind'],
  ids: string[],
): Promise<void> {
  if (ids.length === 0) return;
  // An attempt's record is removed; a file or a ticket keeps its row, marked.
  if (kind === 'attempt') await run('forget_promotion_attempts', FORGET_ATTEMPTS, [ids]);
  else await run(`mark_${kind}_objects_deleted`, MARK_DELETED[kind], [ids, new Date()]);
}

const FORGET_ATTEMPTS = `DELETE FROM "PromotionAttempt" WHERE key = ANY($1::text[])`;

const MARK_DELETED = {
  file: `UPDATE "File" SET "objectDeletedAt" = $2::timestamptz
    WHERE id = ANY($1::uuid[]) AND "objectDeletedAt" IS NULL`,
  ticket: `UPDATE "UploadTicket" SET "objectDeletedAt" = $2::timestamptz
    WHERE id = ANY($1::uuid[]) AND "objectDeletedAt" IS NULL`,
} as const;

/** The pool's prepared statements, for marks made outside any transaction (after a commit). */
export const onPool =
  (db: Pick<Database, '$prepared'>): RunStatement =>
  (name, text, values) =>
    db.$prepared.query(name, text, values);

/** The same statements inside an interactive transaction (the sweeper's claims). */
export const inTransaction =
  (tx: { $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> }): RunStatement =>
  (_name, text, values) =>
    tx.$executeRawUnsafe(text, ...values);
