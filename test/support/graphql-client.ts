import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';

/** An answer as the server sent it: the HTTP status, `data` and `errors`. */
export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

/** The variables and the bearer token; the variables may be left out when none is required. */
export type OperationArgs<TVariables> =
  Record<string, never> extends TVariables
    ? [variables?: TVariables, token?: string]
    : [variables: TVariables, token?: string];

export interface GraphQLClient {
  /**
   * Sends one of the typed documents that `npm run codegen` makes of the client's operations
   * (src/generated/client/) and the tests' own (test/generated/): variables and `data` have the
   * operation's types.
   */
  graphql: <TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...args: OperationArgs<TVariables>
  ) => Promise<GraphQLResponse<TResult>>;
  /**
   * Sends what no typed document describes, for tests of what the server refuses or survives: a
   * document written as a string (malformed, generated, over a limit; its `data` is unknown), or a
   * typed document with variables its types would not allow.
   */
  graphqlRaw: <TResult = unknown>(
    document: string | TypedDocumentNode<TResult, never>,
    variables?: Record<string, unknown>,
    token?: string,
  ) => Promise<GraphQLResponse<TResult>>;
}

/**
 * A GraphQL client for tests and benchmarks: one POST per operation to `graphqlUrl`, with the
 * bearer token when given. Answers come back as they are (status and body), errors included.
 */
export function graphqlClient(graphqlUrl: string): GraphQLClient {
  // Documents are module constants: print each once.
  const printed = new WeakMap<DocumentNode, string>();
  const source = (document: string | DocumentNode) => {
    if (typeof document === 'string') return document;
    let query = printed.get(document);
    if (query === undefined) printed.set(document, (query = print(document)));
    return query;
  };
  async function send<TResult>(
    document: string | DocumentNode,
    variables: Record<string, unknown> | undefined,
    token: string | undefined,
  ): Promise<GraphQLResponse<TResult>> {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: source(document), variables }),
    });
    // The server's answer to this document, whose result type codegen derived from the schema.
    const body = (await response.json()) as Omit<GraphQLResponse<TResult>, 'status'>;
    return { status: response.status, ...body };
  }
  return {
    graphql: (document, ...[variables, token]) => send(document, variables, token),
    graphqlRaw: (document, variables, token) => send(document, variables, token),
  };
}

/** Whether `value` is the member `typename` of its union. */
export function isType<T extends { __typename: string }, N extends T['__typename']>(
  value: T,
  typename: N,
): value is Extract<T, { __typename: N }> {
  return value.__typename === typename;
}

/**
 * `value` if it is the member `typename` of its union, else an error that shows what came
 * instead: how a test takes the answer it expects (a ticket, a confirmed upload…) to look inside.
 */
export function ofType<T extends { __typename: string }, N extends T['__typename']>(
  value: T | null | undefined,
  typename: N,
): Extract<T, { __typename: N }> {
  if (value && isType(value, typename)) return value;
  throw new Error(`expected ${typename}, got ${JSON.stringify(value)}`);
}
