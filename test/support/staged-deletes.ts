import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectStorage } from '../../src/storage/object-storage.ts';
import { DEFAULT_GATHER_MS } from '../../src/uploads/cleanup/deferred-deletes.ts';

/**
 * A confirmed ticket's staged upload is deleted a moment after the confirm answers, with the
 * staged uploads of other confirms (src/uploads/cleanup/deferred-deletes.ts): waits for that, and
 * fails if the object is still there well after the moment has passed.
 */
export async function expectStagedDeleted(storage: Pick<ObjectStorage, 'head'>, key: string): Promise<void> {
  const deadline = Date.now() + DEFAULT_GATHER_MS + 5_000;
  while ((await storage.head(key)) !== null) {
    if (Date.now() > deadline) throw new Error(`the staged upload ${key} was not deleted after its confirm`);
    await sleep(20);
  }
}
