import type { ObjectStorage } from '../../../src/storage/object-storage.ts';
import { inPool } from '../harness/pool.ts';
import { withAdminClient } from '../../support/test-database.ts';

/**
 * How many of `keys` the store holds, by one HEAD each (a listing would be one request, but the
 * local store answers listings of over 1,000 keys with an internal error).
 */
export async function countStored(storage: ObjectStorage, keys: readonly string[]): Promise<number> {
  const found = await inPool(keys, 32, async (key) => (await storage.head(key)) !== null);
  return found.filter(Boolean).length;
}

/**
 * Throws unless the sweep left nothing behind under `prefix`: every ticket REJECTED and marked as
 * having no object, no object in the store, no multipart upload still holding parts.
 */
export async function checkSwept(
  databaseUrl: string,
  storage: ObjectStorage,
  prefix: string,
  storedKeys: readonly string[],
  uploads: ReadonlyMap<string, string>,
): Promise<void> {
  const { rows } = await withAdminClient(databaseUrl, (client) =>
    client.query<{ unmarked: number; pending: number }>(
      `SELECT COUNT(*) FILTER (WHERE "objectDeletedAt" IS NULL)::int AS unmarked,
              COUNT(*) FILTER (WHERE status <> 'REJECTED')::int AS pending
       FROM "UploadTicket" WHERE key LIKE $1 || '/%'`,
      [prefix],
    ),
  );
  if (rows[0]?.unmarked !== 0 || rows[0].pending !== 0) throw new Error(`sweep left rows: ${JSON.stringify(rows[0])}`);
  const objects = await countStored(storage, storedKeys);
  if (objects !== 0) throw new Error(`sweep left ${objects} objects under ${prefix}`);
  for (const [key, uploadId] of uploads) {
    if ((await storage.listParts(key, uploadId)) !== null) throw new Error(`sweep left the multipart upload of ${key}`);
  }
}
