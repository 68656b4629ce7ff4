// Execute on an urql Client (@urql/core 6). urql cancels a request when its result source is
// unsubscribed (it replaces any fetchOptions.signal with its own), so abort maps to unsubscribe.
// Errors are urql's CombinedError, as everywhere else in an urql app.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Client, OperationResult } from '@urql/core';
import { isMutation, type Execute, type ExecuteOptions } from './execute.ts';

export function urqlExecutor(client: Client): Execute {
  return async <TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    { signal }: ExecuteOptions = {},
  ): Promise<TData> => {
    signal?.throwIfAborted();
    // "Execute" means ask the server; a cache exchange may still store the answer.
    const source = isMutation(document)
      ? client.mutation(document, variables)
      : client.query(document, variables, { requestPolicy: 'network-only' });
    return await new Promise<TData>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        // Stops the fetch if it still runs. Deferred: a result can arrive synchronously (from a
        // cache), before `subscribe` has returned the subscription.
        queueMicrotask(() => subscription.unsubscribe());
        outcome();
      };
      // The abort reason as given, like fetch does (usually a DOMException named AbortError).
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      const onAbort = () => settle(() => reject(signal?.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
      // Like urql's toPromise: the first final result (not stale, no more parts to come).
      const subscription = source.subscribe((result: OperationResult<TData, TVariables>) => {
        if (result.stale || result.hasNext) return;
        settle(() => {
          if (result.error) reject(result.error);
          else if (result.data === undefined) reject(new Error('urql returned neither data nor an error.'));
          else resolve(result.data);
        });
      });
    });
  };
}
