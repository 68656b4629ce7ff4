import { inGroupsOf } from '../../shared/batch.ts';
import type { ObjectStorage } from '../../storage/object-storage.ts';
import { STAGING_PREFIX } from '../storage-keys.ts';

/** AbortMultipartUpload has no batch form: this many at once. */
export const ABORTS_AT_ONCE = 20;

export interface StagingSweep {
  deletedObjects: number;
  failedObjects: number;
  deleteCalls: number;
  abortedUploads: number;
}

/**
 * Deletes every object under the staging prefix last written before `cutoff`, and aborts every
 * unfinished multipart upload there started before it, whatever the database says: no ticket can
 * still write there by then, and a confirm only needs its staged object while its ticket lives.
 * This is what catches uploads no row leads to (re-uploads after a rejection, a crash between
 * starting an upload and recording it). Keys outside the prefix are never listed, so files, and
 * the keys of files confirmed before promotion existed, are out of its reach.
 */
export async function sweepStagingByAge(
  storage: ObjectStorage,
  cutoff: Date,
  batchSize: number,
  hooks: {
    /** Keys whose tickets are still PENDING, kept whatever their age (clock skew, config drift). */
    stillPending(keys: string[]): Promise<Set<string>>;
    warn(key: string, reason: string): void;
  },
): Promise<StagingSweep> {
  const report: StagingSweep = { deletedObjects: 0, failedObjects: 0, deleteCalls: 0, abortedUploads: 0 };
  const pending: string[] = [];
  const flush = async (keys: string[]) => {
    if (keys.length === 0) return;
    const { failed } = await storage.deleteMany(keys);
    report.deleteCalls++;
    report.deletedObjects += keys.length - failed.length;
    report.failedObjects += failed.length;
    for (const entry of failed) hooks.warn(entry.key, entry.reason);
  };
  // Full batches across listing pages: 10,000 old objects take 10 DeleteObjects calls.
  for await (const page of storage.listObjects(STAGING_PREFIX)) {
    const old = page.filter((object) => object.lastModified < cutoff).map((object) => object.key);
    const live = old.length > 0 ? await hooks.stillPending(old) : new Set<string>();
    for (const key of old) if (!live.has(key)) pending.push(key);
    while (pending.length >= batchSize) await flush(pending.splice(0, batchSize));
  }
  await flush(pending);

  for await (const page of storage.listMultipartUploads(STAGING_PREFIX)) {
    const aged = page.filter((upload) => upload.initiated < cutoff);
    const live = aged.length > 0 ? await hooks.stillPending(aged.map((upload) => upload.key)) : new Set<string>();
    const old = aged.filter((upload) => !live.has(upload.key));
    await inGroupsOf(ABORTS_AT_ONCE, old, (upload) => storage.abortMultipartUpload(upload.key, upload.uploadId));
    report.abortedUploads += old.length;
  }
  return report;
}
