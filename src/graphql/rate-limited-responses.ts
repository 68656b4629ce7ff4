import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { RateLimitedError } from '../shared/errors.ts';
import { RESOLVED } from '../shared/resolved.ts';

// One listener for every request: it keeps nothing of its own (a new one per request was garbage).
const listener: GraphQLRequestListener<BaseContext> = {
  didEncounterErrors({ errors, response }) {
    const waits = errors
      .map((error) => unwrapResolverError(error))
      .filter((error): error is RateLimitedError => error instanceof RateLimitedError)
      .map((error) => error.retryAfterSeconds);
    if (waits.length > 0) {
      response.http.status = 429;
      response.http.headers.set('retry-after', String(Math.max(...waits)));
    }
    return RESOLVED;
  },
};
const started = Promise.resolve(listener);

/**
 * An operation refused by a rate limit (a user's requests, ticket requests) is answered 429 with
 * Retry-After, like a refusal before GraphQL (http/request-handler.ts): clients and proxies that
 * back off on 429 do so here too.
 */
export const rateLimitedResponses: ApolloServerPlugin = { requestDidStart: () => started };
