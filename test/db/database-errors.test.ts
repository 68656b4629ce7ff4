import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import { isDatabaseUnavailable } from '../../src/db/database-errors.ts';
import { createDatabase, type Database, type DatabaseLimits } from '../../src/db/prisma.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { startTcpFaultProxy, type TcpFaultProxy } from '../support/tcp-fault-proxy.ts';
import { createTestDatabase, testServerUrl, withAdminClient } from '../support/test-database.ts';

// Every way the database fails a request that a retry can fix, produced for real where it can be
// (a proxy that refuses, resets or stalls; a terminated backend; timeouts; a deadlock; a role out
// of connections), must be recognised as "unavailable"; errors that a retry cannot fix must not.
const LIMITS: DatabaseLimits = {
  poolSize: 2,
  connectTimeoutMs: 500,
  statementTimeoutMs: 800,
  transactionTimeoutMs: 1_000,
};

let database: { url: string; drop(): Promise<void> };
let proxy: TcpFaultProxy;
const clients: Database[] = [];

/** A client of the test database through the fault proxy (or another URL), closed after the file. */
function connect(options: { url?: string; limits?: Partial<DatabaseLimits> } = {}): Database {
  const url = new URL(options.url ?? database.url);
  if (!options.url) url.host = `${proxy.host}:${proxy.port}`;
  const db = createDatabase({ url: url.toString(), limits: { ...LIMITS, ...options.limits } });
  clients.push(db);
  return db;
}

async function failure(operation: Promise<unknown>): Promise<unknown> {
  try {
    await operation;
  } catch (error) {
    return error;
  }
  throw new Error('the operation succeeded');
}

beforeAll(async () => {
  database = await createTestDatabase();
  const server = new URL(testServerUrl());
  proxy = await startTcpFaultProxy({ host: server.hostname, port: Number(server.port || 5432) });
});
afterAll(async () => {
  await proxy.heal();
  await Promise.all(clients.map((db) => db.$disconnect().catch(() => undefined)));
  await proxy.close();
  await database.drop();
});

describe('database failures, produced for real', () => {
  it('connection refused (the server is down)', async () => {
    const db = connect();
    await proxy.refuse();
    try {
      expect(isDatabaseUnavailable(await failure(db.$queryRaw`SELECT 1`))).toBe(true);
    } finally {
      await proxy.heal();
    }
  });

  it('connection reset during a statement', async () => {
    const db = connect();
    const running = failure(db.$queryRaw`SELECT pg_sleep(0.5)::text`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    proxy.reset();
    expect(isDatabaseUnavailable(await running)).toBe(true);
  });

  it('connect timeout (the server accepts but never answers)', async () => {
    const db = connect();
    proxy.stall();
    try {
      expect(isDatabaseUnavailable(await failure(db.$queryRaw`SELECT 1`))).toBe(true);
    } finally {
      await proxy.heal();
    }
  });

  it('read timeout (an open connection stops answering)', async () => {
    const db = connect();
    await db.$queryRaw`SELECT 1`;
    proxy.stall();
    try {
      expect(isDatabaseUnavailable(await failure(db.$queryRaw`SELECT 1`))).toBe(true);
    } finally {
      await proxy.heal();
    }
  });

  it('57P01: the backend is terminated (a restart, a failover, pg_terminate_backend)', async () => {
    const db = connect();
    const running = failure(db.$queryRaw`SELECT pg_sleep(2)::text`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const name = new URL(database.url).pathname.slice(1);
    await withAdminClient(testServerUrl(), (admin) =>
      admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep%'`,
        [name],
      ),
    );
    expect(isDatabaseUnavailable(await running)).toBe(true);
  });

  it('57014: statement_timeout (DB_STATEMENT_TIMEOUT_MS)', async () => {
    const db = connect();
    expect(isDatabaseUnavailable(await failure(db.$queryRaw`SELECT pg_sleep(2)::text`))).toBe(true);
  });

  it('P2028: a transaction cannot start in time (every connection busy)', async () => {
    const db = connect({ limits: { poolSize: 1, statementTimeoutMs: 5_000 } });
    // Prisma's query promises are lazy: then() sends it.
    const busy = db.$queryRaw`SELECT pg_sleep(1.5)::text`.then((rows) => rows);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const error = await failure(db.$transaction(async (tx) => tx.$queryRaw`SELECT 1`));
    await busy;
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('P2028: a transaction outlives DB_TRANSACTION_TIMEOUT_MS', async () => {
    const db = connect({ limits: { statementTimeoutMs: 5_000, transactionTimeoutMs: 300 } });
    const error = await failure(
      db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT pg_sleep(0.6)::text`;
        await tx.$queryRaw`SELECT 1`;
      }),
    );
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('40P01: a deadlock (one side is rolled back; retrying succeeds)', async () => {
    const db = connect({ limits: { poolSize: 4, statementTimeoutMs: 5_000, transactionTimeoutMs: 5_000 } });
    await db.$executeRawUnsafe('CREATE TABLE deadlock_test (id int PRIMARY KEY)');
    await db.$executeRawUnsafe('INSERT INTO deadlock_test VALUES (1), (2)');
    const crossing = (first: number, second: number) =>
      db.$transaction(async (tx) => {
        await tx.$executeRaw`UPDATE deadlock_test SET id = id WHERE id = ${first}`;
        await new Promise((resolve) => setTimeout(resolve, 200));
        await tx.$executeRaw`UPDATE deadlock_test SET id = id WHERE id = ${second}`;
      });
    const results = await Promise.allSettled([crossing(1, 2), crossing(2, 1)]);
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(isDatabaseUnavailable((rejected[0] as PromiseRejectedResult).reason)).toBe(true);
  });

  it('53300: too many connections (a role with CONNECTION LIMIT 1, two at once)', async () => {
    const role = `limited_${randomBytes(4).toString('hex')}`;
    await withAdminClient(testServerUrl(), (admin) =>
      admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'limited' CONNECTION LIMIT 1`),
    );
    try {
      const url = new URL(database.url);
      url.username = role;
      url.password = 'limited';
      const db = connect({ url: url.toString(), limits: { poolSize: 2, statementTimeoutMs: 5_000 } });
      const results = await Promise.allSettled([
        db.$queryRaw`SELECT pg_sleep(0.5)::text`,
        db.$queryRaw`SELECT pg_sleep(0.5)::text`,
      ]);
      // One is refused; both may be: PostgreSQL counts a role's backends while they start, so two
      // starting at once can each see the other (seen on the machine's PostgreSQL service).
      const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
      expect(rejected.length).toBeGreaterThanOrEqual(1);
      for (const { reason } of rejected) expect(isDatabaseUnavailable(reason)).toBe(true);
      await db.$disconnect();
    } finally {
      await withAdminClient(testServerUrl(), (admin) => admin.query(`DROP ROLE ${role}`));
    }
  });

  it('but not a unique violation, a syntax error or a missing table: retrying would not help', async () => {
    const db = connect({ limits: { statementTimeoutMs: 5_000 } });
    await db.$executeRawUnsafe('CREATE TABLE unique_test (id int PRIMARY KEY)');
    await db.$executeRawUnsafe('INSERT INTO unique_test VALUES (1)');
    for (const statement of ['INSERT INTO unique_test VALUES (1)', 'SELEKT 1', 'SELECT * FROM no_such_table']) {
      expect(isDatabaseUnavailable(await failure(db.$executeRawUnsafe(statement)))).toBe(false);
    }
  });
});

describe('codes no test here can provoke, as each layer reports them', () => {
  const prisma = (code: string) =>
    new Prisma.PrismaClientKnownRequestError(`failed (${code})`, { code, clientVersion: '7' });
  const adapter = (cause: object) =>
    new DriverAdapterError(cause as ConstructorParameters<typeof DriverAdapterError>[0]);
  const postgres = (code: string) => Object.assign(new Error(`failed (${code})`), { code });

  it.each([
    ['P1001 cannot reach the server', prisma('P1001')],
    ['P1002 the server timed out', prisma('P1002')],
    ['P1008 operations timed out', prisma('P1008')],
    ['P1017 the server closed the connection', prisma('P1017')],
    ['P2024 no connection from the pool in time', prisma('P2024')],
    ['P2034 write conflict or deadlock', prisma('P2034')],
    ['adapter: DatabaseNotReachable', adapter({ kind: 'DatabaseNotReachable', host: 'h', port: 5432 })],
    ['adapter: ConnectionClosed', adapter({ kind: 'ConnectionClosed' })],
    ['adapter: SocketTimeout', adapter({ kind: 'SocketTimeout' })],
    ['adapter: TooManyConnections', adapter({ kind: 'TooManyConnections', cause: 'too many' })],
    [
      'adapter: postgres 57P03 (starting up)',
      adapter({ kind: 'postgres', code: '57P03', severity: 'FATAL', message: 'm' }),
    ],
    ['pg: 57P02 crash shutdown', postgres('57P02')],
    ['pg: 08006 connection failure', postgres('08006')],
    ['pg: 55P03 lock not available', postgres('55P03')],
    ['pg: 40001 serialization failure', postgres('40001')],
    ['wrapped twice', new Error('outer', { cause: new Error('inner', { cause: postgres('57P01') }) })],
  ])('%s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['P2002 unique constraint', prisma('P2002')],
    ['P2025 record not found', prisma('P2025')],
    [
      'adapter: UniqueConstraintViolation',
      adapter({ kind: 'UniqueConstraintViolation', constraint: { fields: ['id'] } }),
    ],
    ['pg: 23505 unique violation', postgres('23505')],
    ['pg: 42P01 undefined table', postgres('42P01')],
    ['a plain error', new Error('something else')],
  ])('not %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
