import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { observePool, type Metrics } from '../observability/metrics.ts';

/**
 * Statements of the hot path, run on the pool without Prisma, as named prepared statements (parsed
 * and planned once per connection). Prisma's per-statement cost (request building, the query
 * compiler, result mapping) is about twice the driver's own, and issuing a ticket is one statement.
 * Same pool, so the same deadlines; errors are the driver's, which database-errors.ts classifies.
 */
export interface PreparedStatements {
  /** `name` identifies `text` on every connection: one name, one text, always. */
  query<Row>(name: string, text: string, values: readonly unknown[]): Promise<Row[]>;
}

export type Database = PrismaClient & { readonly $prepared: PreparedStatements };

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
  const $prepared = preparedStatements(pool, options);
  if (!onQuery && !metrics) return Object.assign(new PrismaClient({ adapter, transactionOptions }), { $prepared });
  const client = new PrismaClient({ adapter, transactionOptions, log: [{ emit: 'event', level: 'query' }] });
  client.$on('query', (event) => {
    onQuery?.(event.query);
    metrics?.databaseQueries.observe(event.duration / 1000);
  });
  if (metrics) observePool(metrics.registry, pool);
  return Object.assign(client, { $prepared });
}

function preparedStatements(pool: pg.Pool, { onQuery, metrics }: DatabaseOptions): PreparedStatements {
  return {
    async query<Row>(name: string, text: string, values: readonly unknown[]) {
      const started = performance.now();
      const result = await pool.query({ name, text, values: [...values] }).catch((error: unknown) => {
        throw new StatementError(name, error);
      });
      // Reported like Prisma's statements: tests count them, /metrics times them.
      onQuery?.(text);
      metrics?.databaseQueries.observe((performance.now() - started) / 1000);
      return result.rows as Row[];
    },
  };
}

/**
 * A prepared statement's failure: the driver's message and SQLSTATE (or socket code), which
 * database-errors.ts classifies, under the statement's name. The driver's own errors may come from
 * another realm (Node's sockets), where `instanceof Error` does not hold: this one always does.
 */
export class StatementError extends Error {
  override name = 'StatementError';
  readonly code: string | undefined;
  constructor(statement: string, cause: unknown) {
    const { message, code } = (cause ?? {}) as { message?: unknown; code?: unknown };
    super(`${statement}: ${typeof message === 'string' ? message : String(cause)}`, { cause });
    this.code = typeof code === 'string' ? code : undefined;
  }
}
