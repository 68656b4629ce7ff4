import type { Database } from '../../db/prisma.ts';
import type { Logger } from '../../shared/logger.ts';
import { inGroupsOf } from '../../shared/batch.ts';
import { MAX_DELETE_BATCH, type ObjectStorage } from '../../storage/object-storage.ts';
import { abortUploadsAt } from './object-cleanup.ts';
import { claimRows, markSwept, type Claimed, type RowKind } from './sweep-rows.ts';
import { ABORTS_AT_ONCE, sweepStagingByAge } from './sweep-staging.ts';

export interface SweepSettings {
  /**
   * How long after a ticket expired, or a ticket or file was given up, its object is deleted. It
   * covers clock skew with the store (which judges a POST's expiry by its own clock) and leaves the
   * immediate deletes of confirmUpload to finish first, so nothing is deleted twice.
   */
  graceSeconds: number;
  /** The longest a ticket lives (the larger of the POST/PUT and the multipart lifetimes). */
  ticketLifetimeSeconds: number;
  /** Keys per DeleteObjects call (S3 allows at most 1,000). */
  batchSize?: number;
  /** The sweep's notion of now: tests look ahead instead of waiting. */
  now?: Date;
}

export interface SweepReport {
  /** PENDING tickets that expired and were rejected by this sweep. */
  expiredTickets: number;
  deletedObjects: number;
  /** Objects the store refused to delete: left for the next sweep. */
  failedObjects: number;
  deleteCalls: number;
  /** Unfinished multipart uploads under the staging prefix aborted by age. */
  abortedUploads: number;
}

type Deps = { db: Database; storage: ObjectStorage; logger: Logger };

/**
 * Deletes what nothing will ever link, in batches of one DeleteObjects call:
 * - by the rows: objects of expired unconfirmed tickets, of rejected tickets and of detached
 *   (replaced) files; each ticket's staging key once more after it expired, since its fields
 *   worked until then; copies of promotions whose confirm never finished;
 * - by age: everything under the staging prefix older than any ticket lives (sweep-staging.ts).
 * Each batch claims its rows with FOR UPDATE SKIP LOCKED, so several replicas can sweep at once
 * without overlapping, and a confirm holding a ticket's lock is never swept from under it.
 */
export async function sweep(deps: Deps, settings: SweepSettings): Promise<SweepReport> {
  const report: SweepReport = {
    expiredTickets: 0,
    deletedObjects: 0,
    failedObjects: 0,
    deleteCalls: 0,
    abortedUploads: 0,
  };
  const batchSize = Math.min(settings.batchSize ?? MAX_DELETE_BATCH, MAX_DELETE_BATCH);
  const now = settings.now ?? new Date();
  const cutoffs = {
    rows: new Date(now.getTime() - settings.graceSeconds * 1000),
    // A promotion or a staged object this old belongs to no ticket that could still confirm.
    lifetime: new Date(now.getTime() - (settings.ticketLifetimeSeconds + settings.graceSeconds) * 1000),
  };
  // Each pass on its own: a store or database failure in one leaves the others to do their work;
  // the first failure is thrown at the end, so the sweep still counts as failed.
  const failures: unknown[] = [];
  const attempt = <T>(run: () => Promise<T>) => run().catch((error: unknown) => void failures.push(error));
  for (const kind of ['ticket', 'file', 'staged', 'attempt'] as const) {
    await attempt(() =>
      sweepRows(deps, kind, kind === 'attempt' ? cutoffs.lifetime : cutoffs.rows, now, batchSize, report),
    );
  }
  const staging = (await attempt(() =>
    sweepStagingByAge(deps.storage, cutoffs.lifetime, batchSize, {
      stillPending: (keys) => pendingKeys(deps.db, keys),
      warn: (key, reason) => deps.logger.warn({ key, reason }, 'sweep could not delete a staged object'),
    }),
  )) ?? { deletedObjects: 0, failedObjects: 0, deleteCalls: 0, abortedUploads: 0 };
  report.deletedObjects += staging.deletedObjects;
  report.failedObjects += staging.failedObjects;
  report.deleteCalls += staging.deleteCalls;
  report.abortedUploads += staging.abortedUploads;
  if (report.deletedObjects > 0 || report.failedObjects > 0 || report.abortedUploads > 0) {
    deps.logger.info(report, 'sweep finished');
  }
  if (failures.length > 0) throw failures[0];
  return report;
}

/** One row pass, batch after batch until a batch comes back short. */
async function sweepRows(
  deps: Deps,
  kind: RowKind,
  cutoff: Date,
  now: Date,
  batchSize: number,
  report: SweepReport,
): Promise<void> {
  // Keys that failed stay unmarked; skipping them keeps one bad key from looping this sweep.
  const failed = new Set<string>();
  for (;;) {
    const batch = await sweepBatch(deps, kind, { cutoff, now, batchSize, skipKeys: [...failed] });
    report.expiredTickets += batch.expiredTickets;
    report.deletedObjects += batch.deleted;
    report.failedObjects += batch.failedKeys.length;
    if (batch.claimed > 0) report.deleteCalls++;
    for (const key of batch.failedKeys) failed.add(key);
    if (batch.claimed < batchSize) return;
  }
}

/** Of these keys, those of tickets still PENDING: the by-age pass never deletes under them. */
async function pendingKeys(db: Database, keys: string[]): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ key: string }[]>`
    SELECT key FROM "UploadTicket" WHERE key = ANY(${keys}::text[]) AND status = 'PENDING'`;
  return new Set(rows.map((row) => row.key));
}

interface BatchOptions {
  cutoff: Date;
  now: Date;
  batchSize: number;
  skipKeys: string[];
}

async function sweepBatch(
  deps: Deps,
  kind: RowKind,
  options: BatchOptions,
): Promise<{ claimed: number; expiredTickets: number; deleted: number; failedKeys: string[] }> {
  return deps.db.$transaction(
    async (tx) => {
      const rows = await claimRows(tx, kind, options);
      if (rows.length === 0) return { claimed: 0, expiredTickets: 0, deleted: 0, failedKeys: [] };
      const expired =
        kind === 'ticket'
          ? await tx.uploadTicket.updateMany({
              where: { id: { in: rows.map((row) => row.id) }, status: 'PENDING' },
              data: { status: 'REJECTED', rejectionReason: 'TICKET_EXPIRED', settledAt: options.now },
            })
          : { count: 0 };
      // A store failure throws and rolls the batch back: the rows stay as they were.
      await abortMultipartUploads(deps.storage, rows);
      if (kind === 'attempt') await abortCopyUploads(deps.storage, rows);
      const { failed } = await deps.storage.deleteMany(rows.map((row) => row.key));
      const failedKeys = failed.map((entry) => entry.key);
      for (const entry of failed)
        deps.logger.warn({ key: entry.key, reason: entry.reason }, 'sweep could not delete an object');
      const deleted = rows.filter((row) => !failedKeys.includes(row.key));
      deps.logger.debug({ kind, deleted: deleted.length }, 'sweep batch');
      await markSwept(
        tx,
        kind,
        deleted.map((row) => row.id),
        options,
      );
      return { claimed: rows.length, expiredTickets: expired.count, deleted: deleted.length, failedKeys };
    },
    // One DeleteObjects call happens inside: allow for a slow store.
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/** Copies of crashed attempts: any unfinished copy upload at their keys goes too. */
function abortCopyUploads(storage: ObjectStorage, rows: readonly Claimed[]): Promise<void> {
  return inGroupsOf(ABORTS_AT_ONCE, rows, (row) => abortUploadsAt(storage, row.key));
}

function abortMultipartUploads(storage: ObjectStorage, rows: readonly Claimed[]): Promise<void> {
  const uploads = rows.filter((row): row is Claimed & { uploadId: string } => Boolean(row.uploadId));
  return inGroupsOf(ABORTS_AT_ONCE, uploads, (row) => storage.abortMultipartUpload(row.key, row.uploadId));
}
