// Execute on an ApolloClient (v4), so uploads share the app's link chain (auth headers, retries)
// and confirmed files land in its normalized cache. Errors are Apollo's own (CombinedGraphQLErrors,
// ServerError, ...), as everywhere else in an Apollo app.
import type { ApolloClient, TypedDocumentNode } from '@apollo/client';
import { isMutation, type Execute, type ExecuteOptions } from './execute.ts';

export function apolloExecutor(client: ApolloClient): Execute {
  return async <TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    { signal }: ExecuteOptions = {},
  ): Promise<TData> => {
    // HttpLink passes fetchOptions to fetch: the signal cancels the request.
    const context = signal ? { fetchOptions: { signal } } : {};
    const options = { variables, context, errorPolicy: 'none' } as const;
    const result = isMutation(document)
      ? await client.mutate({ mutation: document, ...options })
      : // "Execute" means ask the server; the answer still updates the cache.
        await client.query({ query: document, fetchPolicy: 'network-only', ...options });
    return result.data;
  };
}
