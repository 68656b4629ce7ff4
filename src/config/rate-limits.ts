// The rate limits, and the Redis that shares their counts across replicas.
import type { RateLimitSettings } from '../rate-limits/rate-limits.ts';
import { readInt, readString, readUrl, type Env } from './env-readers.ts';

/** Generous for people, tight for scripts: a page that uploads 20 files uses 20 ticket requests. */
export function readRateLimits(env: Env): RateLimitSettings {
  return {
    windowSeconds: readInt(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
    requestsPerAddress: readInt(env, 'RATE_LIMIT_REQUESTS_PER_ADDRESS', 600, 0, 1_000_000),
    requestsPerUser: readInt(env, 'RATE_LIMIT_REQUESTS_PER_USER', 300, 0, 1_000_000),
    ticketsPerAddress: readInt(env, 'RATE_LIMIT_TICKETS_PER_ADDRESS', 120, 0, 1_000_000),
    ticketsPerUser: readInt(env, 'RATE_LIMIT_TICKETS_PER_USER', 60, 0, 1_000_000),
  };
}

/** Shared state across replicas (the rate limits); without it each process keeps its own. */
export type RedisConfig = { url: string; keyPrefix: string } | undefined;

export function readRedis(env: Env): RedisConfig {
  const url = readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']);
  if (!url) return undefined;
  return { url: url.toString(), keyPrefix: readString(env, 'REDIS_KEY_PREFIX') ?? 'upload-tickets:' };
}
