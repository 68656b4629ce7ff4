import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AuthenticationError, InvalidInputError, RateLimitedError, StorageUnavailableError } from '../shared/errors.ts';
import { isDatabaseUnavailable } from '../db/database-errors.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Logger } from '../shared/logger.ts';

/**
 * Codes clients can switch on. STORAGE_UNAVAILABLE and DATABASE_UNAVAILABLE are worth a retry;
 * RATE_LIMITED after `extensions.retryAfterSeconds`.
 */
export type ErrorCode =
  'UNAUTHENTICATED' | 'BAD_USER_INPUT' | 'STORAGE_UNAVAILABLE' | 'DATABASE_UNAVAILABLE' | 'RATE_LIMITED';

// Codes Apollo and graphql-js give to problems with the request itself: passed on as they are.
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Turns what resolvers threw into errors clients can act on. Service errors get their code; an
 * unexpected error is logged with its stack and reaches the client only as a generic message.
 */
export function createErrorFormatter(logger: Logger, metrics?: Metrics) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const path = formatted.path;
    const known = knownError(original);
    if (known?.code === 'DATABASE_UNAVAILABLE' || known?.code === 'STORAGE_UNAVAILABLE') {
      // The client gets a retryable code; whoever is on call gets the cause.
      const dependency = known.code === 'DATABASE_UNAVAILABLE' ? 'database' : 'storage';
      metrics?.dependencyErrors.inc({ dependency });
      logger.warn({ err: original, path, dependency }, `${dependency} unavailable while executing an operation`);
    }
    if (known) {
      return {
        message: known.message,
        path,
        locations: formatted.locations,
        extensions: { code: known.code, ...known.extensions },
      };
    }

    const code = formatted.extensions?.['code'];
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      // A scalar's parse error inside a literal is reported by graphql-js as a validation error;
      // keep the scalar's own BAD_USER_INPUT code.
      const cause = original instanceof GraphQLError ? original.originalError : undefined;
      const ownCode = cause instanceof GraphQLError ? cause.extensions['code'] : undefined;
      const { stacktrace: _hidden, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, code: ownCode === 'BAD_USER_INPUT' ? ownCode : code } };
    }

    // Apollo refuses some requests before execution with a bare GraphQLError and an HTTP 400 (a
    // persisted-query hash that does not match its query, an unknown persisted-query version):
    // the request is at fault, and the message says how.
    if (
      original instanceof GraphQLError &&
      !original.originalError &&
      !path &&
      original.extensions['code'] === undefined
    ) {
      return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
    }

    logger.error({ err: original, path }, 'unexpected error while executing an operation');
    return {
      message: 'Internal server error',
      path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

function knownError(error: unknown): { code: ErrorCode; message: string; extensions?: Record<string, unknown> } | null {
  if (error instanceof AuthenticationError) return { code: 'UNAUTHENTICATED', message: error.message };
  if (error instanceof RateLimitedError) {
    return {
      code: 'RATE_LIMITED',
      message: error.message,
      extensions: { retryAfterSeconds: error.retryAfterSeconds, limit: error.limit },
    };
  }
  if (error instanceof InvalidInputError) return { code: 'BAD_USER_INPUT', message: error.message };
  if (error instanceof StorageUnavailableError) {
    return { code: 'STORAGE_UNAVAILABLE', message: 'File storage is unavailable; retry shortly.' };
  }
  if (isDatabaseUnavailable(error)) {
    return { code: 'DATABASE_UNAVAILABLE', message: 'The database is unavailable; retry shortly.' };
  }
  return null;
}
