import type { Database } from '../db/prisma.ts';
import type { Logger } from '../shared/logger.ts';
import { MAX_DELETE_BATCH, type ObjectStorage } from '../storage/object-storage.ts';
import { markObjectDeleted } from './object-cleanup.ts';

export interface SweepSettings {
  /**
   * How long after a ticket expired, or a ticket or file was given up, its object is deleted. It
   * covers clock skew with the store (which judges a POST's expiry by its own clock) and leaves the
   * immediate deletes of confirmUpload to finish first, so nothing is deleted twice.
   */
  graceSeconds: number;
  /** Keys per DeleteObjects call (S3 allows at most 1,000). */
  batchSize?: number;
}

export interface SweepReport {
  /** PENDING tickets that expired and were rejected by this sweep. */
  expiredTickets: number;
  deletedObjects: number;
  /** Objects the store refused to delete: left for the next sweep. */
  failedObjects: number;
  deleteCalls: number;
}

interface Claimed {
  id: string;
  key: string;
  /** An unfinished multipart upload (tickets only): its parts are freed first. */
  uploadId?: string | null;
}

type Kind = 'ticket' | 'file';

/**
 * Deletes the objects nothing will ever link: of expired unconfirmed tickets, of rejected tickets
 * and of detached (replaced) files, in batches of one DeleteObjects call. Each batch claims its
 * rows with FOR UPDATE SKIP LOCKED, so several replicas can sweep at once without overlapping, and
 * a confirm holding a ticket's lock is never swept from under it (and, once confirmed, the ticket
 * no longer qualifies).
 */
export async function sweep(
  deps: { db: Database; storage: ObjectStorage; logger: Logger },
  settings: SweepSettings,
): Promise<SweepReport> {
  const report: SweepReport = { expiredTickets: 0, deletedObjects: 0, failedObjects: 0, deleteCalls: 0 };
  const batchSize = Math.min(settings.batchSize ?? MAX_DELETE_BATCH, MAX_DELETE_BATCH);
  for (const kind of ['ticket', 'file'] as const) {
    // Keys that failed stay unmarked; skipping them keeps one bad key from looping this sweep.
    const failed = new Set<string>();
    for (;;) {
      const cutoff = new Date(Date.now() - settings.graceSeconds * 1000);
      const batch = await sweepBatch(deps, kind, cutoff, batchSize, [...failed]);
      report.expiredTickets += batch.expiredTickets;
      report.deletedObjects += batch.deleted;
      report.failedObjects += batch.failedKeys.length;
      if (batch.claimed > 0) report.deleteCalls++;
      for (const key of batch.failedKeys) failed.add(key);
      if (batch.claimed < batchSize) break;
    }
  }
  if (report.deletedObjects > 0 || report.failedObjects > 0) deps.logger.info(report, 'sweep finished');
  return report;
}

async function sweepBatch(
  deps: { db: Database; storage: ObjectStorage; logger: Logger },
  kind: Kind,
  cutoff: Date,
  batchSize: number,
  skipKeys: string[],
): Promise<{ claimed: number; expiredTickets: number; deleted: number; failedKeys: string[] }> {
  return deps.db.$transaction(
    async (tx) => {
      const rows =
        kind === 'ticket'
          ? await claimTickets(tx, cutoff, batchSize, skipKeys)
          : await claimFiles(tx, cutoff, batchSize, skipKeys);
      if (rows.length === 0) return { claimed: 0, expiredTickets: 0, deleted: 0, failedKeys: [] };
      const expired =
        kind === 'ticket'
          ? await tx.uploadTicket.updateMany({
              where: { id: { in: rows.map((row) => row.id) }, status: 'PENDING' },
              data: { status: 'REJECTED', rejectionReason: 'TICKET_EXPIRED', settledAt: new Date() },
            })
          : { count: 0 };
      // A store failure throws and rolls the batch back: the rows stay as they were.
      await abortMultipartUploads(deps.storage, rows);
      const { failed } = await deps.storage.deleteMany(rows.map((row) => row.key));
      const failedKeys = failed.map((entry) => entry.key);
      for (const entry of failed)
        deps.logger.warn({ key: entry.key, reason: entry.reason }, 'sweep could not delete an object');
      const deleted = rows.filter((row) => !failedKeys.includes(row.key));
      deps.logger.debug({ kind, deleted: deleted.length }, 'sweep batch');
      const deletedIds = deleted.map((row) => row.id);
      await markObjectDeleted(tx, kind, deletedIds);
      return { claimed: rows.length, expiredTickets: expired.count, deleted: deleted.length, failedKeys };
    },
    // One DeleteObjects call happens inside: allow for a slow store.
    { maxWait: 10_000, timeout: 60_000 },
  );
}

type Tx = Parameters<Parameters<Database['$transaction']>[0]>[0];

function claimTickets(tx: Tx, cutoff: Date, limit: number, skipKeys: string[]): Promise<Claimed[]> {
  return tx.$queryRaw<Claimed[]>`
    SELECT id, key, "uploadId" FROM "UploadTicket"
    WHERE "objectDeletedAt" IS NULL
      AND ((status = 'PENDING' AND "expiresAt" < ${cutoff}) OR (status = 'REJECTED' AND "settledAt" < ${cutoff}))
      AND NOT (key = ANY(${skipKeys}::text[]))
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`;
}

function claimFiles(tx: Tx, cutoff: Date, limit: number, skipKeys: string[]): Promise<Claimed[]> {
  return tx.$queryRaw<Claimed[]>`
    SELECT id, key FROM "File"
    WHERE "objectDeletedAt" IS NULL AND "detachedAt" < ${cutoff}
      AND NOT (key = ANY(${skipKeys}::text[]))
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`;
}

/** AbortMultipartUpload has no batch form: a few at a time, so a large batch stays gentle. */
async function abortMultipartUploads(storage: ObjectStorage, rows: readonly Claimed[]): Promise<void> {
  const uploads = rows.filter((row): row is Claimed & { uploadId: string } => Boolean(row.uploadId));
  for (let i = 0; i < uploads.length; i += 20) {
    await Promise.all(uploads.slice(i, i + 20).map((row) => storage.abortMultipartUpload(row.key, row.uploadId)));
  }
}
