/**
 * Failures that services report and the GraphQL layer turns into error codes. Expected refusals
 * of uploads are not errors: they are returned as data (see uploads/upload-model.ts).
 */

/** No valid credentials: the client must sign in (again). */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

/** The input cannot be processed as given, whoever sends it (e.g. a negative size). */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

export { StorageUnavailableError } from '../storage/object-storage.ts';

/** Too many requests from one client or user: retry after `retryAfterSeconds`. */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
  readonly retryAfterSeconds: number;
  /** The configuration variable of the limit that was reached. */
  readonly limit: string;
  constructor(retryAfterSeconds: number, limit: string) {
    super(`Too many requests (${limit}); retry in ${retryAfterSeconds} s.`);
    this.retryAfterSeconds = retryAfterSeconds;
    this.limit = limit;
  }
}
