// The one thing the upload client needs from a GraphQL client: run a typed operation. Keeping it a
// plain function lets any library (Apollo Client, urql, fetch) drive uploads through the same code.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export interface ExecuteOptions {
  /** Cancels the request (adapters forward it to their fetch). */
  signal?: AbortSignal | undefined;
}

/**
 * Runs one operation and resolves with its `data`. Rejects when the operation failed: a network
 * error, a non-GraphQL response, or any entry in `errors` (e.g. UNAUTHENTICATED). Expected upload
 * refusals are not errors: they arrive as data (`UploadRejected`).
 */
export type Execute = <TData, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  options?: ExecuteOptions,
) => Promise<TData>;

/** A GraphQL response that carried errors, with the server's `extensions.code` of each. */
export class GraphQLResponseError extends Error {
  override readonly name = 'GraphQLResponseError';
  readonly errors: readonly { message: string; extensions?: { code?: unknown } }[];
  readonly status: number | undefined;
  constructor(errors: GraphQLResponseError['errors'], status?: number) {
    super(errors.map((error) => error.message).join('; ') || `GraphQL request failed (HTTP ${status ?? '?'})`);
    this.errors = errors;
    this.status = status;
  }

  /** e.g. `UNAUTHENTICATED`, `BAD_USER_INPUT`, `STORAGE_UNAVAILABLE`. */
  get codes(): string[] {
    return this.errors.flatMap((error) => (typeof error.extensions?.code === 'string' ? [error.extensions.code] : []));
  }
}

/** Whether a document's operation is a mutation (adapters call `mutate` rather than `query`). */
export function isMutation(document: TypedDocumentNode<unknown, never>): boolean {
  // Compared as strings: graphql's Kind enum would make the client load graphql at run time.
  return document.definitions.some(
    (definition) =>
      (definition.kind as string) === 'OperationDefinition' &&
      'operation' in definition &&
      (definition.operation as string) === 'mutation',
  );
}

/**
 * Settles with `operation`, or rejects with the signal's reason as soon as it aborts (also when it
 * already has), whether or not the library noticed: Apollo Client, for one, ignores a signal that
 * was aborted before its link listened to it.
 */
export async function abortable<T>(operation: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return operation();
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    // The abort reason as given, like fetch does (usually a DOMException named AbortError).
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([operation(), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
