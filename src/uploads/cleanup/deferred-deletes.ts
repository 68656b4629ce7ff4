import type { Logger } from '../../shared/logger.ts';
import { MAX_DELETE_BATCH, type ObjectStorage } from '../../storage/object-storage.ts';

/**
 * Deletes that need no hurry, after a confirm: its ticket's staged upload, and the object of the
 * avatar it replaced. Nothing reads a staged object once its ticket is confirmed (the File points
 * at the promoted copy), and the sweeper's staged pass deletes the key again once the ticket
 * expires, as it must anyway (the ticket can write its key until then); nothing links a replaced
 * avatar, whose File row stays detached and unmarked until its object is gone, which the sweeper's
 * pass over detached files also finds. So the objects of the confirms of a moment share one
 * DeleteObjects, and the replaced files one mark, instead of a DELETE (and a mark) each: a confirm
 * then makes only the S3 requests of its verification. A crash loses only what is queued, which
 * those passes delete later.
 */
export interface DeferredDeletes {
  /**
   * Queues the object. Resolves at once, unless `maxBatchesInFlight` batches are still being sent:
   * then once one is done, so that a slow store slows the confirms instead of growing the queue.
   */
  add(object: DeferredDelete): Promise<void>;
  /** Sends what is queued now and waits for every batch (at shutdown, after the last request). */
  close(): Promise<void>;
}

export interface DeferredDelete {
  key: string;
  /** The File whose object this is: marked (objectDeletedAt) once the store has deleted it. */
  fileId?: string;
}

export interface DeferredDeleteDeps {
  storage: Pick<ObjectStorage, 'delete' | 'deleteMany'>;
  logger: Logger;
  /** Records that these files' objects are gone, so that no sweep deletes them again. */
  markFilesDeleted(fileIds: string[]): Promise<void>;
}

export interface DeferredDeleteOptions {
  /** How long an object waits for others to share its request (ms). */
  gatherMs?: number;
  maxBatchesInFlight?: number;
}

/** Short enough that an object outlives its confirm's answer by a moment only. */
export const DEFAULT_GATHER_MS = 200;
const DEFAULT_BATCHES_IN_FLIGHT = 4;
/**
 * Fewer keys than this go as plain DELETEs, which are signed and sent directly: measured against
 * s3rver, a DeleteObjects through the SDK cost about 2.2 ms of CPU whatever its size (1 to 50
 * keys), a DELETE about 0.5 ms.
 */
const MIN_DELETE_OBJECTS_KEYS = 5;

export function createDeferredDeletes(deps: DeferredDeleteDeps, options: DeferredDeleteOptions = {}): DeferredDeletes {
  const gatherMs = options.gatherMs ?? DEFAULT_GATHER_MS;
  const maxInFlight = options.maxBatchesInFlight ?? DEFAULT_BATCHES_IN_FLIGHT;
  const queued: DeferredDelete[] = [];
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    while (queued.length > 0) {
      const batch = deleteBatch(deps, queued.splice(0, MAX_DELETE_BATCH)).finally(() => inFlight.delete(batch));
      inFlight.add(batch);
    }
  };

  return {
    async add(object) {
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      queued.push(object);
      if (queued.length >= MAX_DELETE_BATCH) flush();
      // Unreferenced: a queue must not keep a stopping process alive (close() sends it first).
      else timer ??= setTimeout(flush, gatherMs).unref();
    },
    async close() {
      flush();
      await Promise.all(inFlight);
    },
  };
}

/** Never rejects: what is not deleted (or not marked) is logged and left to the sweeper. */
async function deleteBatch(deps: DeferredDeleteDeps, batch: DeferredDelete[]): Promise<void> {
  const leftOver = 'an object was not deleted after a confirm; the sweeper will delete it';
  const keys = batch.map((object) => object.key);
  let failed: Set<string>;
  try {
    const result =
      keys.length < MIN_DELETE_OBJECTS_KEYS
        ? await deleteEach(deps.storage, keys)
        : await deps.storage.deleteMany(keys);
    for (const { key, reason } of result.failed) deps.logger.warn({ key, reason }, leftOver);
    failed = new Set(result.failed.map((entry) => entry.key));
  } catch (error) {
    deps.logger.warn({ err: error, keys: keys.length }, leftOver);
    return;
  }
  const files = batch.flatMap((object) => (object.fileId && !failed.has(object.key) ? [object.fileId] : []));
  if (files.length === 0) return;
  await deps.markFilesDeleted(files).catch((error: unknown) => {
    deps.logger.warn(
      { err: error, files: files.length },
      'deleted objects were not marked; the sweeper will delete them again',
    );
  });
}

async function deleteEach(
  storage: Pick<ObjectStorage, 'delete'>,
  keys: string[],
): Promise<{ failed: { key: string; reason: string }[] }> {
  const failed: { key: string; reason: string }[] = [];
  await Promise.all(
    keys.map((key) => storage.delete(key).catch((error: unknown) => failed.push({ key, reason: String(error) }))),
  );
  return { failed };
}
