// Which PostgreSQL (DATABASE_URL, or the embedded one in development), its pool and timeouts, and
// whether the server migrates it on start.
import path from 'node:path';
import type { DatabaseLimits } from '../db/prisma.ts';
import { defaultEmbeddedDataDir } from './embedded-data-dir.ts';
import { ConfigError, readBoolean, readInt, readString, readUrl, type Env } from './env-readers.ts';

export type DatabaseConfig = { kind: 'url'; url: string } | { kind: 'embedded'; dataDir: string; port: number };

export interface DatabaseSettings {
  database: DatabaseConfig;
  databaseLimits: DatabaseLimits;
  /** Apply pending migrations on start (development), or only check that none is pending. */
  migrateOnStart: boolean;
}

export function readDatabaseSettings(env: Env, production: boolean, projectDir: string): DatabaseSettings {
  return {
    database: readDatabase(env, production, projectDir),
    databaseLimits: {
      poolSize: readInt(env, 'DB_POOL_SIZE', 10, 1, 1000),
      connectTimeoutMs: readInt(env, 'DB_CONNECT_TIMEOUT_MS', 3_000, 100, 120_000),
      statementTimeoutMs: readInt(env, 'DB_STATEMENT_TIMEOUT_MS', 5_000, 100, 600_000),
      transactionTimeoutMs: readInt(env, 'DB_TRANSACTION_TIMEOUT_MS', 10_000, 100, 600_000),
    },
    // Production: migrations are a release step (see db/schema-on-start.ts).
    migrateOnStart: readBoolean(env, 'MIGRATE_ON_START', !production),
  };
}

export function readDatabase(env: Env, production: boolean, projectDir: string): DatabaseConfig {
  const url = readUrl(env, 'DATABASE_URL', ['postgresql:', 'postgres:']);
  if (url) return { kind: 'url', url: url.toString() };
  if (production) {
    throw new ConfigError(
      'DATABASE_URL',
      'is required when NODE_ENV=production, e.g. postgresql://user:password@host:5432/database.',
    );
  }
  return {
    kind: 'embedded',
    port: readInt(env, 'EMBEDDED_PG_PORT', 54320, 1, 65535),
    dataDir: path.resolve(readString(env, 'EMBEDDED_PG_DATA_DIR') ?? defaultEmbeddedDataDir(projectDir)),
  };
}
