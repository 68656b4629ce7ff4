import type { Logger } from '../../shared/logger.ts';
import { MAX_DELETE_BATCH, type ObjectStorage } from '../../storage/object-storage.ts';

/**
 * Deletes that need no record and no hurry: a confirmed ticket's staged upload. Nothing reads a
 * staged object once its ticket is confirmed (the File points at the promoted copy), and the
 * sweeper's staged pass deletes the key again once the ticket expires, as it must anyway (the
 * ticket can write its key until then). So the keys of the confirms of a moment share one
 * DeleteObjects instead of one DELETE each: the one S3 request of a confirm that is not part of
 * its verification. A crash loses only what is queued, which the staged pass then deletes.
 */
export interface DeferredDeletes {
  /**
   * Queues the key. Resolves at once, unless `maxBatchesInFlight` batches are still being sent:
   * then once one is done, so that a slow store slows the confirms instead of growing the queue.
   */
  add(key: string): Promise<void>;
  /** Sends what is queued now and waits for every batch (at shutdown, after the last request). */
  close(): Promise<void>;
}

export interface DeferredDeleteOptions {
  /** How long a key waits for others to share its request (ms). */
  gatherMs?: number;
  maxBatchesInFlight?: number;
}

/** Short enough that a staged object outlives its confirm by a moment only. */
export const DEFAULT_GATHER_MS = 200;
const DEFAULT_BATCHES_IN_FLIGHT = 4;
/**
 * Fewer keys than this go as plain DELETEs, which are signed and sent directly: measured against
 * s3rver, a DeleteObjects through the SDK cost about 2.2 ms of CPU whatever its size (1 to 50
 * keys), a DELETE about 0.5 ms.
 */
const MIN_DELETE_OBJECTS_KEYS = 5;

export function createDeferredDeletes(
  storage: Pick<ObjectStorage, 'delete' | 'deleteMany'>,
  logger: Logger,
  options: DeferredDeleteOptions = {},
): DeferredDeletes {
  const gatherMs = options.gatherMs ?? DEFAULT_GATHER_MS;
  const maxInFlight = options.maxBatchesInFlight ?? DEFAULT_BATCHES_IN_FLIGHT;
  const queued: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    while (queued.length > 0) {
      const batch = deleteBatch(storage, logger, queued.splice(0, MAX_DELETE_BATCH)).finally(() =>
        inFlight.delete(batch),
      );
      inFlight.add(batch);
    }
  };

  return {
    async add(key) {
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      queued.push(key);
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

/** Never rejects: what the store did not delete is logged and left to the staged pass. */
async function deleteBatch(
  storage: Pick<ObjectStorage, 'delete' | 'deleteMany'>,
  logger: Logger,
  keys: string[],
): Promise<void> {
  const leftOver = 'a staged upload was not deleted after its confirm; the sweeper will delete it';
  try {
    const { failed } =
      keys.length < MIN_DELETE_OBJECTS_KEYS ? await deleteEach(storage, keys) : await storage.deleteMany(keys);
    for (const { key, reason } of failed) logger.warn({ key, reason }, leftOver);
  } catch (error) {
    logger.warn({ err: error, keys: keys.length }, leftOver);
  }
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
