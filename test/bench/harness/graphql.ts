import type { GraphQLResponse } from '../../support/test-api.ts';

/** The data of a response, or an error naming what failed: a benchmark never measures failures. */
export function dataOf<T>(response: GraphQLResponse<T>, what: string): T {
  if (response.status !== 200 || !response.data || response.errors?.length) {
    throw new Error(`${what} failed (${response.status}): ${JSON.stringify(response.errors ?? response.data)}`);
  }
  return response.data;
}
