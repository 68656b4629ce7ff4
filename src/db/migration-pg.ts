// PostgreSQL connections for the wasm schema engine: a driver adapter factory over pools that we
// own, so every connection the engine opens can be closed when the engine is done (the engine
// itself never disposes its adapters).
import { randomBytes } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { EngineClient, withCharColumns } from './migration-pg-quirks.ts';

export interface EngineConnections {
  /** Driver adapter factory for `bindMigrationAwareSqlAdapterFactory`. */
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Disposes every adapter handed out and ends the pools; waits for nothing the engine holds. */
  close(): Promise<void>;
}

/**
 * @param databaseUrl the database the engine works on.
 * @param shadowUrl database handed out by `connectToShadowDb` (replaying migrations for a diff);
 *   without it the engine may not use a shadow database. PrismaPg's own shadow database would be
 *   created with a random name and only dropped on dispose (without FORCE), so we supply ours.
 */
export function engineConnections(databaseUrl: string, shadowUrl?: string): EngineConnections {
  const pools: Array<{ pool: pg.Pool; checkedOut: Set<pg.PoolClient> }> = [];
  const adapters: SqlDriverAdapter[] = [];

  const connectTo = async (connectionString: string): Promise<SqlDriverAdapter> => {
    // One connection, like the native engine: session state must stay on one session (the
    // advisory lock that serialises concurrent `applyMigrations` calls above all: taken on one
    // pooled connection and released on another, it would not serialise anything).
    const pool = new pg.Pool({ connectionString, Client: EngineClient, max: 1, allowExitOnIdle: true });
    pool.on('error', () => undefined); // an idle client losing its server must not crash the process
    const checkedOut = new Set<pg.PoolClient>();
    pool.on('acquire', (client) => checkedOut.add(client));
    pool.on('release', (_error, client) => checkedOut.delete(client));
    pools.push({ pool, checkedOut });
    const adapter = await new PrismaPg(pool).connect();
    adapters.push(adapter);
    return withCharColumns(adapter);
  };

  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectTo(databaseUrl),
    connectToShadowDb: () => {
      if (!shadowUrl) return Promise.reject(new Error('This operation needs no shadow database'));
      return connectTo(shadowUrl);
    },
  };

  const close = async (): Promise<void> => {
    await Promise.allSettled(adapters.map((adapter) => adapter.dispose()));
    await Promise.allSettled(pools.map(({ pool, checkedOut }) => endPool(pool, checkedOut)));
  };
  return { factory, close };
}

/**
 * Ends a pool even when the engine abandoned a connection: still waiting for its advisory lock
 * after its 10 s timeout, or in a transaction it never finished. `pool.end()` only resolves once
 * every checked-out client is released, so such clients get their connection closed instead (the
 * server then drops their locks and transactions); pg-pool releases its own `pool.query`
 * checkouts when their query fails, while a leaked `pool.connect()` checkout is never released,
 * so in that case the pool's end is not awaited: nothing is left open either way.
 */
async function endPool(pool: pg.Pool, checkedOut: Set<pg.PoolClient>): Promise<void> {
  const ended = pool.end();
  if (checkedOut.size === 0) return ended;
  ended.catch(() => undefined);
  await Promise.allSettled([...checkedOut].map((client) => client.end()));
}

/**
 * Creates a throw-away database on the server of `serverUrl`, runs `use` with its URL, and drops
 * it WITH (FORCE) (PostgreSQL ≥ 13) whatever happens, so no connection left open can keep it.
 */
export async function withScratchDatabase<T>(serverUrl: string, use: (url: string) => Promise<T>): Promise<T> {
  const name = `migration_scratch_${Date.now()}_${randomBytes(4).toString('hex')}`;
  // CREATE/DROP DATABASE work from a connection to any database of the server: use the URL's own.
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return await use(url.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
