/**
 * For servers that tests, benchmarks and soak runs drive from one address at full speed: the rate
 * limits stay on (their cost is part of every request) but out of reach. Tests of the limits
 * themselves set their own.
 */
export const OUT_OF_REACH_RATE_LIMITS = {
  RATE_LIMIT_REQUESTS_PER_ADDRESS: '1000000',
  RATE_LIMIT_REQUESTS_PER_USER: '1000000',
  RATE_LIMIT_TICKETS_PER_ADDRESS: '1000000',
  RATE_LIMIT_TICKETS_PER_USER: '1000000',
} as const;
