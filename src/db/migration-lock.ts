import pg from 'pg';

/** Two-key advisory lock, first key 'MIGR': apart from the engine's own lock and the quota locks. */
const LOCK = [1296644434, 1] as const;
/** A deploy waits this long for another server's migrations before it gives up. */
const WAIT_SECONDS = 300;

/**
 * Runs `work` while holding a session advisory lock of its own on the database, so that concurrent
 * callers check the migration history and apply one after the other. The engine's lock covers only
 * its apply step: without this, a second server reading the history while the first applied saw
 * the migration in progress (started, not finished) as one that had failed, and refused to start.
 */
export async function withMigrationLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(`SET lock_timeout = '${WAIT_SECONDS}s'`);
    await client.query('SELECT pg_advisory_lock($1, $2)', [...LOCK]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [...LOCK]);
    }
  } finally {
    await client.end();
  }
}
