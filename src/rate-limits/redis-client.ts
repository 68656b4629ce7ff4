import { Redis } from 'ioredis';
import type { Logger } from '../shared/logger.ts';

/** How long the start-up waits for Redis, and how long one command may take. */
const CONNECT_TIMEOUT_MS = 2_000;
const COMMAND_TIMEOUT_MS = 500;

/**
 * The Redis client behind the shared rate limits. Every command has a deadline and nothing is
 * queued while disconnected, so a sick Redis costs a request at most COMMAND_TIMEOUT_MS before
 * the limits fall back to each process's memory (see rate-limits.ts). Start-up does not fail
 * without Redis: the API keeps serving, with per-process limits, and says so.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const where = safeLocation(url);
  const client = new Redis(url, {
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
  });
  let reported = false;
  client.on('error', (error: Error) => {
    // ioredis reports every failed reconnection: one warning per outage is enough.
    if (reported) return;
    reported = true;
    logger.warn({ err: error, redis: where }, 'Redis is unavailable: rate limits apply per process until it is back');
  });
  client.on('ready', () => {
    if (reported) logger.info({ redis: where }, 'Redis is back: rate limits are shared again');
    reported = false;
  });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, CONNECT_TIMEOUT_MS);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return client;
}

/** Host and port only: a Redis URL can carry a password. */
function safeLocation(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}
