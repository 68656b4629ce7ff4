import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectStorage } from '../../src/storage/object-storage.ts';
import { DEFAULT_GATHER_MS } from '../../src/uploads/cleanup/deferred-deletes.ts';

/** Well after the moment a confirm's deletes wait for others (src/uploads/cleanup/deferred-deletes.ts). */
const WAIT_MS = DEFAULT_GATHER_MS + 5_000;

/** Polls `check` until it holds; fails with `what` if it still does not well after the moment. */
async function soon(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${WAIT_MS} ms of the confirm`);
    await sleep(20);
  }
}

/**
 * A confirm deletes its ticket's staged upload, and the object of an avatar it replaced, a moment
 * after it answers, with those of other confirms: waits for that, and fails if the object is
 * still there well after the moment.
 */
export function expectDeletedSoon(storage: Pick<ObjectStorage, 'head'>, key: string): Promise<void> {
  return soon(`${key} was not deleted`, async () => (await storage.head(key)) === null);
}

/** The replaced File's row is marked (objectDeletedAt) once its object is gone: waits for that. */
export function expectMarkedDeletedSoon(
  db: { file: { findUnique(args: { where: { key: string } }): Promise<{ objectDeletedAt: Date | null } | null> } },
  key: string,
): Promise<void> {
  return soon(`the File at ${key} was not marked deleted`, async () => {
    const row = await db.file.findUnique({ where: { key } });
    return row?.objectDeletedAt instanceof Date;
  });
}
