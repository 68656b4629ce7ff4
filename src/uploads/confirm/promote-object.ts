import type { Database } from '../../db/prisma.ts';
import type { Logger } from '../../shared/logger.ts';
import { newId } from '../../shared/ids.ts';
import type { ObjectStorage, StoredObjectHead } from '../../storage/object-storage.ts';
import { deleteObjects, type OrphanedObject } from '../cleanup/object-cleanup.ts';
import { fileKey } from '../storage-keys.ts';
import type { TicketRecord } from '../ticket-rows.ts';

export interface PromotedObject {
  /** The File's id, and part of its key. */
  fileId: string;
  key: string;
  etag: string | undefined;
  checksumSha256: string | undefined;
}

export type Promotion =
  | ({ kind: 'promoted' } & PromotedObject)
  /** The ticket is no longer PENDING: another request settled it. */
  | { kind: 'settled' }
  /** The staged object is gone or no longer has the ETag inspected: confirm again. */
  | { kind: 'changed' };

interface Deps {
  db: Database;
  storage: ObjectStorage;
  logger: Logger;
}

/**
 * Copies the staged object, pinned to the ETag that was inspected, to a new key under files/ that
 * no ticket can write. Each attempt copies to a key of its own, so a confirm that lost a race can
 * never overwrite the copy another one linked. The key is recorded before the copy starts: if the
 * process dies before the File row commits, the sweeper still finds and deletes the copy.
 */
export async function promoteStagedObject(
  deps: Deps,
  ticket: TicketRecord,
  staged: StoredObjectHead & { etag: string },
): Promise<Promotion> {
  const fileId = newId();
  const key = fileKey(ticket, fileId);
  const recorded = await deps.db.$prepared.query('record_promotion_attempt', RECORD_ATTEMPT, [key, ticket.id]);
  if (recorded.length === 0) return { kind: 'settled' };
  const copied = await deps.storage
    .copy({
      sourceKey: ticket.key,
      destinationKey: key,
      ifMatch: staged.etag,
      byteSize: ticket.byteSize,
      contentType: ticket.contentType,
      // A store that verified the upload's SHA-256 (AWS S3) computes the copy's as well.
      withChecksumSha256: Boolean(ticket.checksumSha256 && staged.checksumSha256),
    })
    .catch(async (error: unknown) => {
      // A copy that failed part-way may still have written: delete it (or leave it to the sweeper).
      await discardCopies(deps, [key]);
      throw error;
    });
  if (!copied) {
    await discardCopies(deps, [key]);
    return { kind: 'changed' };
  }
  return { kind: 'promoted', fileId, key, etag: copied.etag, checksumSha256: copied.checksumSha256 };
}

/** Deletes copies that will not be linked, and their attempt records once they are gone. */
export function discardCopies(deps: Deps, keys: readonly string[]): Promise<void> {
  return deleteObjects(deps, keys.map(copyToDiscard));
}

export function copyToDiscard(key: string): OrphanedObject {
  return { key, owner: { kind: 'attempt', id: key } };
}

/** Only while the ticket is PENDING: a settled ticket gets no new copy. */
const RECORD_ATTEMPT = `INSERT INTO "PromotionAttempt" (key, "ticketId")
  SELECT $1, id FROM "UploadTicket" WHERE id = $2::uuid AND status = 'PENDING' RETURNING key`;
