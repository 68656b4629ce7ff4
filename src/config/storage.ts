// The object store: S3 or an S3-compatible one when configured, else (development) the local store.
import path from 'node:path';
import { ConfigError, readBoolean, readInt, readString, readUrl, type Env } from './env-readers.ts';
import { GiB, MiB } from './units.ts';

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

export interface StorageSettings {
  storage: StorageConfig;
  /** The longest one call to the store may take, retries included. */
  storageTimeoutMs: number;
}

export function readStorageSettings(env: Env, production: boolean, dataDir: string): StorageSettings {
  return {
    storage: readStorage(env, production, dataDir),
    storageTimeoutMs: readInt(env, 'S3_TIMEOUT_MS', 10_000, 100, 600_000),
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
  const bucket = readBucket(env);
  const region = readString(env, 'S3_REGION') ?? readString(env, 'AWS_REGION') ?? 'us-east-1';
  const maxCopyBytes = readMaxCopyBytes(env);
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

function readBucket(env: Env): string | undefined {
  const bucket = readString(env, 'S3_BUCKET');
  if (bucket !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(
      'S3_BUCKET',
      `is not a valid bucket name (got "${bucket}"): 3-63 lowercase letters, digits, dots or hyphens.`,
    );
  }
  return bucket;
}

/**
 * Left out when unset, so the adapter's default (S3's CopyObject limit) applies. Lower it for a
 * store whose single-copy limit is smaller; larger objects are copied in parts (UploadPartCopy).
 */
function readMaxCopyBytes(env: Env): { maxCopyBytes?: number } {
  if (readString(env, 'S3_MAX_COPY_BYTES') === undefined) return {};
  return { maxCopyBytes: readInt(env, 'S3_MAX_COPY_BYTES', 5 * GiB, 5 * MiB, 5 * GiB) };
}
