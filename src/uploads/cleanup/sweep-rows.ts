import type { Database } from '../../db/prisma.ts';
import { inTransaction, markObjectDeleted } from './object-cleanup.ts';

type Tx = Parameters<Parameters<Database['$transaction']>[0]>[0];

/**
 * What one sweep pass deletes:
 * - ticket: objects of expired PENDING tickets (which become REJECTED) and of REJECTED ones not
 *   deleted yet;
 * - file: objects of detached (replaced) files;
 * - staged: a settled ticket's key once more, after the ticket expired: its fields worked until
 *   then, so something may have been uploaded again after the first delete. Keys of files
 *   confirmed before promotion existed are their tickets' keys: never touched (guarded twice, by
 *   the migration's mark and by the File check here, which also covers tickets issued before
 *   the change and confirmed after it, whose keys are outside staging/);
 * - attempt: copies of promotions whose confirm never finished (id is the copy's key).
 */
export type RowKind = 'ticket' | 'file' | 'staged' | 'attempt';

export interface Claimed {
  id: string;
  key: string;
  /** An unfinished multipart upload (tickets only): its parts are freed first. */
  uploadId?: string | null;
}

interface ClaimOptions {
  cutoff: Date;
  batchSize: number;
  skipKeys: string[];
}

export function claimRows(tx: Tx, kind: RowKind, { cutoff, batchSize, skipKeys }: ClaimOptions): Promise<Claimed[]> {
  switch (kind) {
    case 'ticket':
      return tx.$queryRaw<Claimed[]>`
        SELECT id, key, "uploadId" FROM "UploadTicket"
        WHERE "objectDeletedAt" IS NULL
          AND ((status = 'PENDING' AND "expiresAt" < ${cutoff}) OR (status = 'REJECTED' AND "settledAt" < ${cutoff}))
          AND NOT (key = ANY(${skipKeys}::text[]))
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`;
    case 'file':
      return tx.$queryRaw<Claimed[]>`
        SELECT id, key FROM "File"
        WHERE "objectDeletedAt" IS NULL AND "detachedAt" < ${cutoff}
          AND NOT (key = ANY(${skipKeys}::text[]))
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`;
    case 'staged':
      return tx.$queryRaw<Claimed[]>`
        SELECT id, key FROM "UploadTicket"
        WHERE "stagingSweptAt" IS NULL AND "expiresAt" < ${cutoff} AND status <> 'PENDING'
          AND NOT EXISTS (SELECT 1 FROM "File" f WHERE f.key = "UploadTicket".key)
          AND NOT (key = ANY(${skipKeys}::text[]))
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`;
    case 'attempt':
      return tx.$queryRaw<Claimed[]>`
        SELECT key AS id, key FROM "PromotionAttempt"
        WHERE "createdAt" < ${cutoff} AND NOT (key = ANY(${skipKeys}::text[]))
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`;
    default: {
      const unknown: never = kind;
      throw new Error(`Unknown sweep kind ${String(unknown)}`);
    }
  }
}

/** Records that the claimed rows' objects are gone, so no pass deletes them again. */
export async function markSwept(
  tx: Tx,
  kind: RowKind,
  ids: string[],
  { cutoff, now }: { cutoff: Date; now: Date },
): Promise<void> {
  if (ids.length === 0) return;
  switch (kind) {
    case 'ticket':
      await markObjectDeleted(inTransaction(tx), 'ticket', ids);
      // Deleted after expiry (plus grace): that was the last time; the staged pass can skip them.
      await tx.$executeRaw`
        UPDATE "UploadTicket" SET "stagingSweptAt" = ${now}
        WHERE id = ANY(${ids}::uuid[]) AND "expiresAt" < ${cutoff}`;
      return;
    case 'file':
      return markObjectDeleted(inTransaction(tx), 'file', ids);
    case 'staged':
      await tx.$executeRaw`UPDATE "UploadTicket" SET "stagingSweptAt" = ${now} WHERE id = ANY(${ids}::uuid[])`;
      return;
    case 'attempt':
      return markObjectDeleted(inTransaction(tx), 'attempt', ids);
    default: {
      const unknown: never = kind;
      throw new Error(`Unknown sweep kind ${String(unknown)}`);
    }
  }
}
