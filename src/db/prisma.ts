import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { observePool, type Metrics } from '../observability/metrics.ts';

export type Database = PrismaClient;

/** The client an interactive transaction's callback gets. */
export type Transaction = Parameters<Parameters<Database['$transaction']>[0]>[0];

/** How long the database may take (README: DB_* variables); every wait has an end. */
export interface DatabaseLimits {
  /** Connections in the pool. */
  poolSize: number;
  /** Opening a connection, and waiting for a free one to start a transaction. */
  connectTimeoutMs: number;
  /** One statement: the server cancels it (statement_timeout), and the client stops waiting a little later. */
  statementTimeoutMs: number;
  /** One interactive transaction, start to commit. */
  transactionTimeoutMs: number;
}

export const DEFAULT_DATABASE_LIMITS: DatabaseLimits = {
  poolSize: 10,
  connectTimeoutMs: 3_000,
  statementTimeoutMs: 5_000,
  transactionTimeoutMs: 10_000,
};

export interface DatabaseOptions {
  url: string;
  limits?: DatabaseLimits;
  /** Called with each SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  /** Statement durations and the pool's use, for /metrics. */
  metrics?: Metrics;
}

/**
 * The Prisma client on a pg pool whose every wait is bounded: a database that is down fails a
 * request within the connect timeout, one that hangs within the statement timeout (the client-side
 * `query_timeout` covers a server that no longer answers at all, which cannot cancel anything).
 * The pool is created here, not by the adapter, so its use can be watched; `$disconnect` ends it.
 */
export function createDatabase(options: DatabaseOptions): Database {
  const limits = options.limits ?? DEFAULT_DATABASE_LIMITS;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: limits.poolSize,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    query_timeout: limits.statementTimeoutMs + 1_000,
    // A transaction left open by a crashed request must not hold its row locks for long.
    idle_in_transaction_session_timeout: limits.transactionTimeoutMs,
    keepAlive: true,
  });
  // An idle connection that the server closes reports here; the pool replaces it on next use.
  pool.on('error', () => undefined);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const transactionOptions = { maxWait: limits.connectTimeoutMs, timeout: limits.transactionTimeoutMs };
  const { onQuery, metrics } = options;
  if (!onQuery && !metrics) return new PrismaClient({ adapter, transactionOptions });
  const client = new PrismaClient({ adapter, transactionOptions, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (event) => {
    onQuery?.(event.query);
    metrics?.databaseQueries.observe(event.duration / 1000);
  });
  if (metrics) observePool(metrics.registry, pool);
  return client;
}
