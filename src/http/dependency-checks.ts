import type { Database } from '../db/prisma.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import type { CheckResult } from './probes.ts';

/** A probe must answer even when a dependency hangs: each check gets this long. */
const CHECK_TIMEOUT_MS = 3_000;

/** Whether the database and the store answer, checked in parallel. */
export async function checkDependencies(deps: { db: Database; storage: ObjectStorage }) {
  const [database, storage] = await Promise.all([answers(deps.db.$queryRaw`SELECT 1`), answers(deps.storage.ping())]);
  return { database, storage };
}

async function answers(check: Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check, timeout]);
    return 'ok';
  } catch {
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}
