import path from 'node:path';
import { defaultEmbeddedDataDir } from './embedded-data-dir.ts';
import type { DatabaseLimits } from '../db/prisma.ts';
import { DEFAULT_ALLOWED_HEADERS, type CorsPolicy } from '../http/cors.ts';
import type { OperationLimits } from '../graphql/limits.ts';
import type { RateLimitSettings } from '../rate-limits/rate-limits.ts';
import { ConfigError, readBoolean, readChoice, readInt, readString, readUrl, type Env } from './env-readers.ts';

export { ConfigError } from './env-readers.ts';

export type RuntimeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export type DatabaseConfig = { kind: 'url'; url: string } | { kind: 'embedded'; dataDir: string; port: number };

/** `maxCopyBytes`: the largest object copied with one CopyObject; unset, S3's own limit (5 GiB). */
export type StorageConfig =
  | {
      kind: 's3';
      bucket: string;
      region: string;
      endpoint: string | undefined;
      forcePathStyle: boolean;
      maxCopyBytes?: number | undefined;
    }
  | { kind: 'local'; bucket: string; region: string; dataDir: string; port: number; maxCopyBytes?: number | undefined };

export type AuthConfig =
  | { kind: 'secret'; secret: string; issuer: string | undefined; audience: string | undefined }
  /** Development only: a random secret kept in a file of the local data directory. */
  | { kind: 'dev-secret'; file: string }
  | { kind: 'jwks'; jwksUrl: string; issuer: string | undefined; audience: string | undefined };

export interface Config {
  env: RuntimeEnv;
  host: string;
  port: number;
  logLevel: LogLevel;
  database: DatabaseConfig;
  databaseLimits: DatabaseLimits;
  /** Apply pending migrations on start (development), or only check that none is pending. */
  migrateOnStart: boolean;
  storage: StorageConfig;
  /** The longest one call to the store may take, retries included. */
  storageTimeoutMs: number;
  auth: AuthConfig;
  /** Every token's `iat` to `exp` at most this long; clocks may disagree by the tolerance. */
  tokens: { maxLifetimeSeconds: number; clockToleranceSeconds: number };
  uploads: {
    ticketTtlSeconds: number;
    downloadUrlTtlSeconds: number;
    maxPendingPerUser: number;
    /** How long a single-request ticket counts as pending (see uploads/request/user-quota.ts). */
    pendingWindowSeconds: number;
    maxBytesPerUserPerDay: number;
    /** Files larger than this are uploaded in parts. */
    multipartThresholdBytes: number;
    /** Preferred part size; raised for files that would otherwise need more than 10,000 parts. */
    multipartPartSizeBytes: number;
    /** Multipart tickets live longer: a large upload takes time (part URLs stay short-lived). */
    multipartTicketTtlSeconds: number;
  };
  sweep: { intervalSeconds: number; graceSeconds: number; ticketLifetimeSeconds: number };
  graphql: { introspection: boolean; limits: OperationLimits };
  http: {
    cors: CorsPolicy;
    maxBodyBytes: number;
    trustedProxies: number;
    /** How long an idle keep-alive connection stays open: longer than the load balancer's. */
    keepAliveTimeoutSeconds: number;
    /** The longest a client may take to send one request, headers and body. */
    requestTimeoutSeconds: number;
    /** How long a shutdown waits for requests in flight before it cuts them. */
    shutdownGraceSeconds: number;
  };
  rateLimits: RateLimitSettings;
  /** Shared state across replicas (the rate limits); without it each process keeps its own. */
  redis: { url: string; keyPrefix: string } | undefined;
}

const WEEK_SECONDS = 7 * 24 * 3600; // the longest validity S3 allows for a presigned URL
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

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
    host: readString(env, 'HOST') ?? '127.0.0.1',
    port: readInt(env, 'PORT', 4000, 0, 65535),
    auth,
    tokens,
    uploads: {
      ...readTicketLifetimes(env),
      downloadUrlTtlSeconds: readInt(env, 'DOWNLOAD_URL_TTL_SECONDS', 300, 10, WEEK_SECONDS),
      maxPendingPerUser: readInt(env, 'MAX_PENDING_UPLOADS_PER_USER', 50, 1, 100_000),
      pendingWindowSeconds: readInt(env, 'PENDING_UPLOAD_WINDOW_SECONDS', 120, 10, WEEK_SECONDS),
      maxBytesPerUserPerDay: readInt(env, 'MAX_UPLOAD_BYTES_PER_USER_PER_DAY', 10 * GiB, 1, Number.MAX_SAFE_INTEGER),
      multipartThresholdBytes: readInt(env, 'MULTIPART_THRESHOLD_BYTES', 100 * MiB, 5 * MiB, 5 * GiB),
      // S3 allows parts of 5 MiB to 5 GiB (the last may be smaller).
      multipartPartSizeBytes: readInt(env, 'MULTIPART_PART_SIZE_BYTES', 16 * MiB, 5 * MiB, 5 * GiB),
    },
    graphql: {
      introspection: readBoolean(env, 'GRAPHQL_INTROSPECTION', !production),
      limits: readOperationLimits(env),
    },
    http: {
      cors: {
        origins: readCorsOrigins(env, production),
        allowedHeaders: readCorsAllowedHeaders(env),
        // Chromium caps the cache at 7200 s, Firefox at 86400 s; 0 makes browsers ask every time.
        maxAgeSeconds: readInt(env, 'CORS_MAX_AGE_SECONDS', 7200, 0, 86_400),
      },
      maxBodyBytes: readInt(env, 'MAX_REQUEST_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
      trustedProxies: readInt(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
      // Node's 5 s default is shorter than common load-balancer idle timeouts (60 s): the balancer
      // would reuse a connection the API is closing, and its client would see a reset.
      keepAliveTimeoutSeconds: readInt(env, 'HTTP_KEEP_ALIVE_TIMEOUT_SECONDS', 65, 1, 3600),
      requestTimeoutSeconds: readInt(env, 'HTTP_REQUEST_TIMEOUT_SECONDS', 60, 1, 3600),
      // Below the 30 s an orchestrator commonly allows between SIGTERM and SIGKILL (Kubernetes'
      // default), so a cut is still logged and reported by the exit code rather than killed unseen.
      shutdownGraceSeconds: readInt(env, 'SHUTDOWN_GRACE_SECONDS', 25, 0, 3600),
    },
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
    logLevel: readChoice<LogLevel>(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      runtime === 'test' ? 'silent' : 'info',
    ),
    database: readDatabase(env, production, projectDir),
    databaseLimits: {
      poolSize: readInt(env, 'DB_POOL_SIZE', 10, 1, 1000),
      connectTimeoutMs: readInt(env, 'DB_CONNECT_TIMEOUT_MS', 3_000, 100, 120_000),
      statementTimeoutMs: readInt(env, 'DB_STATEMENT_TIMEOUT_MS', 5_000, 100, 600_000),
      transactionTimeoutMs: readInt(env, 'DB_TRANSACTION_TIMEOUT_MS', 10_000, 100, 600_000),
    },
    // Production: migrations are a release step (see db/schema-on-start.ts).
    migrateOnStart: readBoolean(env, 'MIGRATE_ON_START', !production),
    storage: readStorage(env, production, path.join(projectDir, '.data')),
    storageTimeoutMs: readInt(env, 'S3_TIMEOUT_MS', 10_000, 100, 600_000),
    sweep: {
      intervalSeconds: readInt(env, 'SWEEP_INTERVAL_SECONDS', 300, 0, WEEK_SECONDS),
      graceSeconds: readInt(env, 'SWEEP_GRACE_SECONDS', 600, 0, WEEK_SECONDS),
      // Staged objects are swept by age once no ticket of either kind can still write them.
      ticketLifetimeSeconds: Math.max(...Object.values(readTicketLifetimes(env))),
    },
  };
}

/** The part `npm run token` reads: no database or store (it only signs). */
export function loadTokenConfig(env: Env, projectDir: string): TokenConfig {
  const runtime = readRuntime(env);
  return {
    env: runtime,
    auth: readAuth(env, runtime === 'production', path.join(projectDir, '.data')),
    tokens: {
      maxLifetimeSeconds: readInt(env, 'JWT_MAX_LIFETIME_SECONDS', 24 * 3600, 60, 30 * 24 * 3600),
      clockToleranceSeconds: readInt(env, 'JWT_CLOCK_TOLERANCE_SECONDS', 30, 0, 600),
    },
  };
}

/** The part the db:* commands read: which database (DATABASE_URL, or the embedded one). */
export function loadDatabaseConfig(env: Env, projectDir: string): Pick<Config, 'env' | 'database'> {
  const runtime = readRuntime(env);
  return { env: runtime, database: readDatabase(env, runtime === 'production', projectDir) };
}

function readRuntime(env: Env): RuntimeEnv {
  return readChoice<RuntimeEnv>(env, 'NODE_ENV', ['development', 'production', 'test'], 'development');
}

/** Generous for people, tight for scripts: a page that uploads 20 files uses 20 ticket requests. */
function readRateLimits(env: Env): RateLimitSettings {
  return {
    windowSeconds: readInt(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
    requestsPerAddress: readInt(env, 'RATE_LIMIT_REQUESTS_PER_ADDRESS', 600, 0, 1_000_000),
    requestsPerUser: readInt(env, 'RATE_LIMIT_REQUESTS_PER_USER', 300, 0, 1_000_000),
    ticketsPerAddress: readInt(env, 'RATE_LIMIT_TICKETS_PER_ADDRESS', 120, 0, 1_000_000),
    ticketsPerUser: readInt(env, 'RATE_LIMIT_TICKETS_PER_USER', 60, 0, 1_000_000),
  };
}

function readRedis(env: Env): Config['redis'] {
  const url = readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']);
  if (!url) return undefined;
  return { url: url.toString(), keyPrefix: readString(env, 'REDIS_KEY_PREFIX') ?? 'upload-tickets:' };
}

/**
 * Defaults let every operation of the client and the demo page through (the largest, a page of 100
 * posts with their attachments' URLs, costs about 22,000) and refuse documents built to multiply.
 */
function readOperationLimits(env: Env): OperationLimits {
  return {
    maxTokens: readInt(env, 'MAX_QUERY_TOKENS', 2000, 100, 1_000_000),
    maxDepth: readInt(env, 'MAX_QUERY_DEPTH', 10, 2, 1000),
    maxAliases: readInt(env, 'MAX_QUERY_ALIASES', 20, 0, 100_000),
    maxDirectives: readInt(env, 'MAX_QUERY_DIRECTIVES', 20, 0, 100_000),
    maxCost: readInt(env, 'MAX_QUERY_COST', 25_000, 1, Number.MAX_SAFE_INTEGER),
    maxNodes: readInt(env, 'MAX_QUERY_NODES', 1000, 10, 1_000_000),
  };
}

function readDatabase(env: Env, production: boolean, projectDir: string): DatabaseConfig {
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

// Any of these means the AWS SDK's default credential chain has something to work with.
const AWS_CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

function readStorage(env: Env, production: boolean, dataDir: string): StorageConfig {
  const endpoint = readUrl(env, 'S3_ENDPOINT', ['http:', 'https:']);
  const bucket = readString(env, 'S3_BUCKET');
  const region = readString(env, 'S3_REGION') ?? readString(env, 'AWS_REGION') ?? 'us-east-1';
  if (bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(
      'S3_BUCKET',
      `is not a valid bucket name (got "${bucket}"): 3-63 lowercase letters, digits, dots or hyphens.`,
    );
  }
  // Left out when unset, so the adapter's default (S3's CopyObject limit) applies. Lower it for a
  // store whose single-copy limit is smaller; larger objects are copied in parts (UploadPartCopy).
  const maxCopyBytes =
    readString(env, 'S3_MAX_COPY_BYTES') === undefined
      ? {}
      : { maxCopyBytes: readInt(env, 'S3_MAX_COPY_BYTES', 5 * GiB, 5 * MiB, 5 * GiB) };
  const hasCredentials = AWS_CREDENTIAL_VARIABLES.some((name) => readString(env, name) !== undefined);
  if (!endpoint && !hasCredentials && !production) {
    return {
      kind: 'local',
      bucket: bucket ?? 'uploads',
      region,
      ...maxCopyBytes,
      port: readInt(env, 'LOCAL_S3_PORT', 4569, 0, 65535),
      dataDir: path.resolve(readString(env, 'LOCAL_S3_DATA_DIR') ?? path.join(dataDir, 's3')),
    };
  }
  if (bucket === undefined) {
    throw new ConfigError(
      'S3_BUCKET',
      'is required when S3_ENDPOINT or AWS credentials are set (and always when NODE_ENV=production).',
    );
  }
  return {
    kind: 's3',
    bucket,
    region,
    endpoint: endpoint?.toString(),
    // Ceph, MinIO and most self-hosted stores only serve path-style URLs.
    forcePathStyle: readBoolean(env, 'S3_FORCE_PATH_STYLE', endpoint !== undefined),
    ...maxCopyBytes,
  };
}

function readAuth(env: Env, production: boolean, dataDir: string): AuthConfig {
  const secret = readString(env, 'JWT_SECRET');
  const jwksUrl = readUrl(env, 'JWT_JWKS_URL', ['https:', 'http:']);
  if (secret !== undefined && jwksUrl) {
    throw new ConfigError(
      'JWT_SECRET',
      'and JWT_JWKS_URL are both set: choose HS256 with a shared secret or RS256/ES256 with a JWKS URL.',
    );
  }
  if (jwksUrl) {
    return {
      kind: 'jwks',
      jwksUrl: jwksUrl.toString(),
      issuer: readString(env, 'JWT_ISSUER'),
      audience: readString(env, 'JWT_AUDIENCE'),
    };
  }
  if (secret !== undefined) {
    if (Buffer.byteLength(secret) < 32) {
      throw new ConfigError(
        'JWT_SECRET',
        'must be at least 32 bytes long (HS256 keys shorter than the hash are guessable). Generate one with: openssl rand -base64 48',
      );
    }
    return { kind: 'secret', secret, issuer: readString(env, 'JWT_ISSUER'), audience: readString(env, 'JWT_AUDIENCE') };
  }
  if (production) {
    throw new ConfigError('JWT_SECRET', 'or JWT_JWKS_URL is required when NODE_ENV=production.');
  }
  return { kind: 'dev-secret', file: path.join(dataDir, 'dev-jwt-secret') };
}

/** "*" or comma-separated origins. Development allows any origin; production none unless listed. */
function readCorsOrigins(env: Env, production: boolean): '*' | string[] {
  const raw = readString(env, 'CORS_ORIGINS');
  if (raw === undefined) return production ? [] : '*';
  if (raw === '*') return '*';
  return raw.split(',').map((entry) => {
    const origin = entry.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `must be "*" or comma-separated origins like https://app.example.com (got "${origin}").`,
      );
    }
    return origin;
  });
}

// An HTTP field name (RFC 9110 token). `*` is a token too: browsers read it as "any header"
// (except Authorization, which the API always lists itself).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** Comma-separated header names browsers may send besides the API's own; replaces the defaults. */
function readCorsAllowedHeaders(env: Env): string[] {
  const raw = readString(env, 'CORS_ALLOWED_HEADERS');
  if (raw === undefined) return DEFAULT_ALLOWED_HEADERS;
  return raw.split(',').map((entry) => {
    // Header names are case-insensitive; browsers send them lowercase in the preflight.
    const name = entry.trim().toLowerCase();
    if (!HEADER_NAME.test(name)) {
      throw new ConfigError(
        'CORS_ALLOWED_HEADERS',
        `must be comma-separated header names like traceparent, x-request-id (got "${entry.trim()}").`,
      );
    }
    return name;
  });
}

/** How long POST/PUT tickets and multipart tickets live: the uploads use them, the sweeper their maximum. */
function readTicketLifetimes(env: Env): { ticketTtlSeconds: number; multipartTicketTtlSeconds: number } {
  return {
    ticketTtlSeconds: readInt(env, 'TICKET_TTL_SECONDS', 300, 10, WEEK_SECONDS),
    multipartTicketTtlSeconds: readInt(env, 'MULTIPART_TICKET_TTL_SECONDS', 24 * 3600, 60, WEEK_SECONDS),
  };
}
