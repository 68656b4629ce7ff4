// An Execute on plain fetch, for apps without a GraphQL client library (and the demo page). It
// speaks GraphQL over HTTP: POST application/json, preferring application/graphql-response+json.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { GraphQLResponseError, type Execute, type ExecuteOptions } from './execute.ts';

export interface FetchExecutorOptions {
  /** The API endpoint, e.g. `https://api.example.com/graphql`. */
  url: string;
  /** Extra headers per request, e.g. `() => ({ authorization: `Bearer ${token}` })`. */
  headers?: (() => Record<string, string>) | Record<string, string>;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
}

type GraphQLBody = { data?: unknown; errors?: GraphQLResponseError['errors'] };

export function fetchExecutor(options: FetchExecutorOptions): Execute {
  // Documents are module constants: print each once.
  const printed = new WeakMap<DocumentNode, string>();
  const source = (document: DocumentNode) => {
    let query = printed.get(document);
    if (query === undefined) printed.set(document, (query = print(document)));
    return query;
  };
  return async <TData, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    { signal }: ExecuteOptions = {},
  ): Promise<TData> => {
    const headers = typeof options.headers === 'function' ? options.headers() : options.headers;
    const response = await (options.fetch ?? fetch)(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json;q=0.9',
        ...headers,
      },
      body: JSON.stringify({ query: source(document), variables }),
      signal: signal ?? null,
    });
    const body = (await response.json().catch(() => ({}))) as GraphQLBody;
    if (body.errors?.length || body.data == null) throw new GraphQLResponseError(body.errors ?? [], response.status);
    // The server answered this document, whose result type codegen derived from the schema.
    return body.data as TData;
  };
}
