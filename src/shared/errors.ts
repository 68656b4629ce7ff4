/**
 * Failures that services report and the GraphQL layer turns into error codes. Expected refusals
 * of uploads are not errors: they are returned as data (see uploads/rejections.ts).
 */

/** No valid credentials: the client must sign in (again). */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

/** The input cannot be processed as given, whoever sends it (e.g. a negative size). */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export { StorageUnavailableError } from '../storage/object-storage.ts';

/** Too many requests from one client or user: retry after `retryAfterSeconds`. */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  constructor(
    readonly retryAfterSeconds: number,
    /** The configuration variable of the limit that was reached. */
    readonly limit: string,
  ) {
    super(`Too many requests (${limit}); retry in ${retryAfterSeconds} s.`);
  }
}
