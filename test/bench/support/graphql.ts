import type { GraphQLResponse, TestApi } from '../../support/test-api.ts';

/**
 * The `graphql` call of the test API, against any GraphQL URL (the bench API runs in a process of
 * its own), so the test support helpers (upload-client.ts) work unchanged against it.
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

/** The data of a response, or an error naming what failed: a benchmark never measures failures. */
export function dataOf<T>(response: GraphQLResponse<T>, what: string): T {
  if (response.status !== 200 || !response.data || response.errors?.length) {
    throw new Error(`${what} failed (${response.status}): ${JSON.stringify(response.errors ?? response.data)}`);
  }
  return response.data;
}
