// The one entry point of the configuration: every environment variable the service uses is read
// and validated here, once, at start-up, each concern by a module of its own in this directory.
// The commands read only their part (loadSweepConfig, loadTokenConfig, loadDatabaseConfig). A bad
// variable throws ConfigError, naming it and saying how to fix it.
import path from 'node:path';
import type { RateLimitSettings } from '../rate-limits/rate-limits.ts';
import { readAuth, readTokenLimits, type AuthConfig, type TokenLimits } from './auth.ts';
import { readDatabase, readDatabaseSettings, type DatabaseSettings } from './database.ts';
import type { Env } from './env-readers.ts';
import { readGraphqlSettings, type GraphqlSettings } from './graphql.ts';
import { readHttpSettings, readListenAddress, type HttpSettings, type ListenAddress } from './http.ts';
import { readRateLimits, readRedis, type RedisConfig } from './rate-limits.ts';
import { readLogLevel, readRuntime, type LogLevel, type RuntimeEnv } from './runtime.ts';
import { readStorageSettings, type StorageSettings } from './storage.ts';
import { readSweepSettings, type SweepSettings } from './sweep.ts';
import { readUploadSettings, type UploadSettings } from './uploads.ts';

export { ConfigError } from './env-readers.ts';
export type { AuthConfig } from './auth.ts';
export type { DatabaseConfig } from './database.ts';
export type { LogLevel, RuntimeEnv } from './runtime.ts';
export type { StorageConfig } from './storage.ts';

export interface Config extends DatabaseSettings, StorageSettings, ListenAddress {
  env: RuntimeEnv;
  logLevel: LogLevel;
  auth: AuthConfig;
  tokens: TokenLimits;
  uploads: UploadSettings;
  sweep: SweepSettings;
  graphql: GraphqlSettings;
  http: HttpSettings;
  rateLimits: RateLimitSettings;
  redis: RedisConfig;
}

/** What `npm run sweep` needs: the database and the store, nothing about serving or tokens. */
export type SweepConfig = Pick<
  Config,
  'env' | 'logLevel' | 'database' | 'databaseLimits' | 'migrateOnStart' | 'storage' | 'storageTimeoutMs' | 'sweep'
>;

/** What `npm run token` needs: how tokens are signed and how long they may live. */
export type TokenConfig = Pick<Config, 'env' | 'auth' | 'tokens'>;

/**
 * Reads and validates every environment variable the service uses, once, at start-up.
 * Throws ConfigError naming the first bad variable.
 */
export function loadConfig(env: Env, projectDir: string): Config {
  // The server reads what the sweep and the token command read, and the rest.
  const base = loadSweepConfig(env, projectDir);
  const production = base.env === 'production';
  const { auth, tokens } = loadTokenConfig(env, projectDir);
  return {
    ...base,
    ...readListenAddress(env),
    auth,
    tokens,
    uploads: readUploadSettings(env),
    graphql: readGraphqlSettings(env, production),
    http: readHttpSettings(env, production),
    rateLimits: readRateLimits(env),
    redis: readRedis(env),
  };
}

/**
 * The part of the configuration `npm run sweep` reads, validated the same way: in production it
 * needs DATABASE_URL and the store's variables, but no JWT_SECRET (it authenticates nobody).
 */
export function loadSweepConfig(env: Env, projectDir: string): SweepConfig {
  const runtime = readRuntime(env);
  const production = runtime === 'production';
  return {
    env: runtime,
    logLevel: readLogLevel(env, runtime),
    ...readDatabaseSettings(env, production, projectDir),
    ...readStorageSettings(env, production, dataDirOf(projectDir)),
    sweep: readSweepSettings(env),
  };
}

/** The part `npm run token` reads: no database or store (it only signs). */
export function loadTokenConfig(env: Env, projectDir: string): TokenConfig {
  const runtime = readRuntime(env);
  return {
    env: runtime,
    auth: readAuth(env, runtime === 'production', dataDirOf(projectDir)),
    tokens: readTokenLimits(env),
  };
}

/** The part the db:* commands read: which database (DATABASE_URL, or the embedded one). */
export function loadDatabaseConfig(env: Env, projectDir: string): Pick<Config, 'env' | 'database'> {
  const runtime = readRuntime(env);
  return { env: runtime, database: readDatabase(env, runtime === 'production', projectDir) };
}

/** The project's local data directory: the local store's files and the development secret. */
function dataDirOf(projectDir: string): string {
  return path.join(projectDir, '.data');
}
