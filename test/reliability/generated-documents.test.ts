import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { countUrls, estimatedCost, seedPostsWithFiles } from '../support/hostile-documents.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';

// Random documents built from the schema (nested lists, aliases, fragments spread several times,
// page sizes in and out of range): every one is either refused before it runs anything, or runs
// within the cost bound, and the server's memory stays bounded.
const RUNS = 250;
const MAX_COST = 25_000;
const REFUSALS = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']);

let api: TestApi;
const outcomes = new Map<string, number>();
let largestAcceptedCost = 0;

beforeAll(async () => {
  api = await startTestApi();
  await seedPostsWithFiles(api);
}, 60_000);
afterAll(async () => {
  await api.stop();
  const summary = { ...Object.fromEntries(outcomes), largestAcceptedCost };
  process.stdout.write(`generated documents, outcomes: ${JSON.stringify(summary)}\n`);
});

const first = fc.constantFrom(
  '',
  '(first: 1)',
  '(first: 5)',
  '(first: 20)',
  '(first: 100)',
  '(first: 101)',
  '(first: 0)',
);
/** Marks a field for an alias; each mark becomes a distinct alias once the document is built. */
const aliased = (field: string) => fc.boolean().map((alias) => (alias ? `@ALIAS: ${field}` : field));
const pick = (options: fc.Arbitrary<string>[]) =>
  fc.array(fc.oneof(...options), { minLength: 1, maxLength: 4 }).map((fields) => fields.join(' '));

const { post } = fc.letrec<{ file: string; user: string; post: string }>((tie) => ({
  file: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    pick([fc.constantFrom('id', 'filename', 'contentType', 'byteSize'), aliased('url')]),
    pick([fc.constant('url'), tie('user').map((fields) => `owner { ${fields} }`)]),
  ),
  user: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    pick([fc.constantFrom('id', 'name')]),
    pick([
      fc.constant('name'),
      tie('file').chain((fields) => aliased(`avatar { ${fields} }`)),
      fc.tuple(first, tie('post')).chain(([page, fields]) => aliased(`posts${page} { edges { node { ${fields} } } }`)),
    ]),
  ),
  post: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    pick([fc.constantFrom('id', 'title', '...P', '...P ...P')]),
    pick([
      fc.constant('title'),
      tie('user').map((fields) => `author { ${fields} }`),
      tie('file').chain((fields) => aliased(`attachments { ${fields} }`)),
      fc.constant('...P'),
    ]),
  ),
}));

/** A query over posts and the viewer, with fragment P on Post (itself possibly spreading Q twice). */
const document = fc
  .record({ page: first, root: post, fragment: post, inner: post, doubled: fc.boolean() })
  .map(({ page, root, fragment, inner, doubled }) => {
    let alias = 0;
    const text = [
      `query Generated { posts${page} { edges { node { ${root} } } pageInfo { hasNextPage } } viewer { id } }`,
      `fragment P on Post { ${fragment.replaceAll('...P', doubled ? '...Q ...Q' : 'id')} }`,
      ...(doubled ? [`fragment Q on Post { ${inner.replaceAll('...P', 'title')} }`] : []),
    ].join('\n');
    return text.replaceAll('@ALIAS', () => `a${++alias}`);
  });

/**
 * Waits until no SQL has run for a moment: when a field fails with a non-null error, GraphQL
 * answers before its sibling fields have finished, whose statements would count for the next case.
 */
async function settled(): Promise<void> {
  for (let seen = -1; seen !== api.queries.length;) {
    seen = api.queries.length;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('generated documents', () => {
  it(`${RUNS} documents: refused before running, or run within the cost bound`, async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    await fc.assert(
      fc.asyncProperty(document, async (query) => {
        await settled();
        api.queries.length = 0;
        const response = await api.graphqlRaw(query);
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
        const code = response.errors?.[0]?.extensions?.code;
        if (code !== undefined && REFUSALS.has(code)) {
          // Refused during parsing or validation: nothing ran.
          expect(response.status).toBe(400);
          expect(api.queries).toEqual([]);
          outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
          return;
        }
        expect(response.status).toBeLessThan(500);
        const cost = estimatedCost(query);
        expect(cost).toBeLessThanOrEqual(MAX_COST);
        if (code !== undefined) {
          // A page size out of range is refused by the service, before any post is read.
          expect(code).toBe('BAD_USER_INPUT');
        } else {
          // Every URL the answer carries was charged for (10 each).
          expect(countUrls(response.data) * 10).toBeLessThanOrEqual(cost);
          largestAcceptedCost = Math.max(largestAcceptedCost, cost);
        }
        outcomes.set(code ?? 'executed', (outcomes.get(code ?? 'executed') ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    // No document, refused or run, may grow the server by more than a few tens of megabytes.
    expect(heapPeak - heapBefore).toBeLessThan(256 * 1024 * 1024);
    expect(outcomes.get('executed') ?? 0).toBeGreaterThan(RUNS / 10);
    expect(outcomes.get('GRAPHQL_VALIDATION_FAILED') ?? 0).toBeGreaterThan(RUNS / 10);
  }, 120_000);
});
