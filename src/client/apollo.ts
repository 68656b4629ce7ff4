// Execute on an ApolloClient (v4), so uploads share the app's link chain (auth headers, retries)
// and confirmed files land in its normalized cache. Errors are Apollo's own (CombinedGraphQLErrors,
// ServerError, ...), as everywhere else in an Apollo app.
import type { ApolloCache, ApolloClient, TypedDocumentNode } from '@apollo/client';
import type { DeletePostMutation } from '../generated/client/graphql.ts';
import { abortable, isMutation, type Execute, type ExecuteOptions } from './execute.ts';

export function apolloExecutor(client: ApolloClient): Execute {
  return async <TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    { signal }: ExecuteOptions = {},
  ): Promise<TData> => {
    // HttpLink hands fetchOptions to fetch, so an abort cancels the request; `abortable` rejects at
    // once even when Apollo missed the abort (it ignores signals aborted before it listened).
    const context = signal ? { fetchOptions: { signal } } : {};
    const options = { variables, context, errorPolicy: 'none' } as const;
    const result = await abortable(
      () =>
        isMutation(document)
          ? client.mutate({ mutation: document, ...options })
          : // "Execute" means ask the server; the answer still updates the cache.
            client.query({ query: document, fetchPolicy: 'network-only', ...options }),
      signal,
    );
    return result.data;
  };
}

/**
 * The `update` of a deletePost mutation (the one change data alone cannot tell a cache): evicts
 * the post, so lists and queries that showed it drop it. `client.mutate({ mutation:
 * DeletePostDocument, variables, update: evictDeletedPost })`.
 */
export function evictDeletedPost(cache: ApolloCache, { data }: { data?: DeletePostMutation | null | undefined }): void {
  if (data?.deletePost.__typename !== 'DeletedPost') return;
  cache.evict({ id: cache.identify({ __typename: 'Post', id: data.deletePost.deletedPostId }) });
  cache.gc();
}
