import type { TestApi } from './test-api.ts';

/**
 * A GraphQL client for tests and benchmarks: one POST per operation to `graphqlUrl`, with the
 * bearer token when given. Answers come back as they are (status and body), errors included.
 */
export function graphqlClient(graphqlUrl: string): Pick<TestApi, 'graphql'> {
  return {
    async graphql(query, variables, token) {
      const response = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
  };
}
