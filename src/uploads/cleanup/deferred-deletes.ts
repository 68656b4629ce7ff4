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
  /**
   * Sends what is queued now and waits until nothing is queued or in flight (at shutdown, after
   * the last request). What is added after it (a request cut by the grace period may still
   * commit) is sent at once rather than queued.
   */
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
  const gatherMs = Math.max(0, options.gatherMs ?? DEFAULT_GATHER_MS);
  // At least one: with none allowed in flight, add() would wait for ever.
  const maxInFlight = Math.max(1, options.maxBatchesInFlight ?? DEFAULT_BATCHES_IN_FLIGHT);
  const queued: DeferredDelete[] = [];
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  /** add() calls waiting for a batch to finish. */
  let waiting = 0;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    while (queued.length > 0) {
      const batch = deleteBatch(deps, queued.splice(0, MAX_DELETE_BATCH))
        // deleteBatch handles what it expects; anything else must not become an unhandled rejection.
        .catch((error: unknown) => deps.logger.error({ err: error }, 'deleting a batch failed unexpectedly'))
        .finally(() => inFlight.delete(batch));
      inFlight.add(batch);
    }
  };

  return {
    async add(object) {
      waiting++;
      try {
        while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      } finally {
        waiting--;
      }
      queued.push(object);
      if (closed || queued.length >= MAX_DELETE_BATCH) flush();
      // Unreferenced: a queue must not keep a stopping process alive (close() sends it first).
      else timer ??= setTimeout(flush, gatherMs).unref();
    },
    async close() {
      closed = true;
      // Confirms waiting for a batch to finish add theirs after it: until nothing is left.
      while (queued.length > 0 || inFlight.size > 0 || waiting > 0) {
        flush();
        if (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        else await new Promise(setImmediate);
      }
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
    // One line per batch: a store refusing every key (a permission gone) would otherwise log 1,000.
    if (result.failed.length > 0) {
      deps.logger.warn({ failed: result.failed.length, keys: keys.length, first: result.failed.slice(0, 3) }, leftOver);
    }
    failed = new Set(result.failed.map((entry) => entry.key));
  } catch (error) {
    deps.logger.warn({ err: error, keys: keys.length }, leftOver);
    return;
  }
  const files = batch.flatMap((object) => (object.fileId && !failed.has(object.key) ? [object.fileId] : []));
  if (files.length === 0) return;
  // Through a promise: a mark that throws at once is logged like one that rejects.
  await Promise.resolve(files)
    .then((ids) => deps.markFilesDeleted(ids))
    .catch((error: unknown) => {
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
    keys.map((key) => storage.delete(key).catch((error: unknown) => failed.push({ key, reason: reasonOf(error) }))),
  );
  return { failed };
}

/** The error and its cause (a StorageUnavailableError wraps the store's status or the network's code). */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Not `instanceof Error`: a network error may come from another realm (node's own, under a VM).
  const cause: unknown = error.cause;
  if (typeof cause !== 'object' || cause === null) return error.message;
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const why =
    ('message' in cause ? text(cause.message) : undefined) ?? ('code' in cause ? text(cause.code) : undefined);
  return why ? `${error.message}: ${why}` : error.message;
}
