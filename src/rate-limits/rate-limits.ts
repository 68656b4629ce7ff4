import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import { RateLimitedError } from '../shared/errors.ts';
import { RESOLVED } from '../shared/resolved.ts';

/** Requests and ticket requests allowed per window; 0 turns a limit off. */
export interface RateLimitSettings {
  windowSeconds: number;
  requestsPerAddress: number;
  requestsPerUser: number;
  ticketsPerAddress: number;
  ticketsPerUser: number;
}

/** Each check throws RateLimitedError when the caller is over the limit, and counts the call otherwise. */
export interface RateLimits {
  /** Every GraphQL request of a client address. */
  request(address: string): Promise<void>;
  /** Every request of a signed-in user (counted once its token is verified). */
  viewer(subject: string): Promise<void>;
  /** Every requestUpload, per user and per client address. */
  ticket(subject: string, address: string): Promise<void>;
}

/**
 * rate-limiter-flexible's fixed windows, in memory (one process) or in Redis (shared by every
 * replica), with a memory limiter as insurance: when Redis does not answer, each process limits
 * on its own rather than letting everything through or refusing everyone.
 */
export function createRateLimits(
  settings: RateLimitSettings,
  redis?: { client: Redis; keyPrefix: string },
): RateLimits {
  const limiter = (name: string, points: number) => {
    if (points === 0) return undefined;
    const options = { keyPrefix: `${redis?.keyPrefix ?? ''}${name}`, points, duration: settings.windowSeconds };
    return redis
      ? new RateLimiterRedis({
          ...options,
          storeClient: redis.client,
          // Fail over to the insurance at once when the connection is down, not after a timeout.
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory(options),
        })
      : new RateLimiterMemory(options);
  };
  const byAddress = limiter('requests-per-address:', settings.requestsPerAddress);
  const byUser = limiter('requests-per-user:', settings.requestsPerUser);
  const ticketsByAddress = limiter('tickets-per-address:', settings.ticketsPerAddress);
  const ticketsByUser = limiter('tickets-per-user:', settings.ticketsPerUser);
  return {
    request: (address) => consume(byAddress, address, 'RATE_LIMIT_REQUESTS_PER_ADDRESS'),
    viewer: (subject) => consume(byUser, subject, 'RATE_LIMIT_REQUESTS_PER_USER'),
    ticket: (subject, address) =>
      consume(ticketsByUser, subject, 'RATE_LIMIT_TICKETS_PER_USER').then(() =>
        consume(ticketsByAddress, address, 'RATE_LIMIT_TICKETS_PER_ADDRESS'),
      ),
  };
}

const counted = () => undefined;

// A promise chain rather than an async function: checked four times per ticket request.
function consume(limiter: RateLimiterAbstract | undefined, key: string, limit: string): Promise<void> {
  if (!limiter) return RESOLVED;
  return limiter.consume(key).then(counted, (refusal: unknown) => {
    // Over the limit rejects with the limiter's state; anything else is a failure of the limiter.
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    throw new RateLimitedError(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)), limit);
  });
}
