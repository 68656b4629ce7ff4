import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApi, type TestApi } from '../support/test-api.ts';

// The cost of an operation is estimated once per document when no variable can change it; one
// that depends on its variables (a page size, a @skip/@include condition) is estimated on every
// request: the same document is let through or refused by what it asks for each time.
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const code = (response: { errors?: { extensions?: { code?: string; limit?: unknown } }[] }) =>
  response.errors?.[0]?.extensions?.limit ?? response.errors?.[0]?.extensions?.code ?? 'ok';

const NESTED_PAGES = /* GraphQL */ `
  query ($first: Int) {
    posts(first: $first) {
      edges {
        node {
          author {
            posts(first: $first) {
              edges {
                node {
                  attachments {
                    url
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

const CONDITIONAL = /* GraphQL */ `
  query ($deep: Boolean!) {
    posts(first: 100) {
      edges {
        node {
          attachments {
            url
          }
          author {
            posts(first: 100) @include(if: $deep) {
              edges {
                node {
                  attachments {
                    url
                  }
                }
              }
            }
          }
        }
      }
    }
  }
`;

describe('MAX_QUERY_COST', () => {
  it('estimates a document whose page sizes are variables again for every request', async () => {
    for (const [first, expected] of [
      [1, 'ok'],
      [100, 'MAX_QUERY_COST'],
      [1, 'ok'],
      [100, 'MAX_QUERY_COST'],
    ] as const) {
      expect(code(await api.graphqlRaw(NESTED_PAGES, { first }))).toBe(expected);
    }
  });

  it('estimates a document with a variable @include condition again for every request', async () => {
    for (const [deep, expected] of [
      [false, 'ok'],
      [true, 'MAX_QUERY_COST'],
      [false, 'ok'],
    ] as const) {
      expect(code(await api.graphqlRaw(CONDITIONAL, { deep }))).toBe(expected);
    }
  });

  it('refuses a document that costs too much whatever its variables, every time', async () => {
    // Its one variable goes to an argument that costs nothing (a cursor): estimated once, kept.
    const fixed = NESTED_PAGES.replace('query ($first: Int)', 'query ($after: String)')
      .replace('posts(first: $first)', 'posts(first: 100, after: $after)')
      .replaceAll('$first', '100');
    for (const after of [null, 'x', null]) expect(code(await api.graphqlRaw(fixed, { after }))).toBe('MAX_QUERY_COST');
  });
});
