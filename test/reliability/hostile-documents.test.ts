import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import {
  ConfirmUploadDocument,
  CreatePostDocument,
  PostsDocument,
  RequestUploadDocument,
  SignUploadPartsDocument,
  UploadedPartsDocument,
  ViewerDocument,
} from '../../src/generated/client/graphql.ts';
import {
  countUrls,
  estimatedCost,
  fragmentDoubling,
  NINETY_THOUSAND_URLS,
  seedPostsWithFiles,
  TEN_THOUSAND_URLS,
} from '../support/hostile-documents.ts';
import { graphqlClient } from '../support/graphql-client.ts';
import { mainThreadCpuMs, startServedApi, type ServedApi } from '../support/main-process.ts';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/test-api.ts';

// Documents an anonymous attacker can send, against the default limits: each must be refused
// before it costs anything, in milliseconds, without holding up anyone else. Timings come from
// the server as `npm start` runs it, in a process of its own (in this process, the test's own
// requests and the local store would share its event loop); the rest from the in-process server,
// which counts the SQL it runs.
let api: TestApi;
let served: ServedApi;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  [api, served] = await Promise.all([startTestApi(), startServedApi({ LOG_LEVEL: 'info' })]);
  await seedPostsWithFiles(api);
}, 60_000);
afterAll(async () => {
  await Promise.all([api.stop(), served.stop()]);
  process.stdout.write(`hostile documents, figures: ${JSON.stringify(figures)}\n`);
});

/** Sends `query` to the in-process server; the answer and the SQL it ran. */
async function sent(query: string, variables: Record<string, unknown> = {}) {
  api.queries.length = 0;
  const response = await api.graphqlRaw(query, variables);
  return { response, statements: [...api.queries] };
}

/**
 * Sends `query` to the served API `runs` times, one after the other (after three to warm up):
 * the answers, and the main-thread CPU time the server spent per request.
 */
async function measured(query: string, runs = 20) {
  const { graphqlRaw } = graphqlClient(served.graphqlUrl);
  for (let i = 0; i < 3; i++) await graphqlRaw(query); // the first requests compile their code paths
  const cpuBefore = await mainThreadCpuMs(served.pid);
  const started = performance.now();
  const responses = [];
  for (let i = 0; i < runs; i++) responses.push(await graphqlRaw(query));
  const cpuMs = ((await mainThreadCpuMs(served.pid)) - cpuBefore) / runs;
  return { responses, cpuMs, wallMs: (performance.now() - started) / runs };
}

const round = (value: number) => Math.round(value * 10) / 10;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function refusal(response: GraphQLResponse<unknown>) {
  expect(response.status).toBe(400);
  expect(response.data ?? null).toBeNull();
  return response.errors?.[0] as { message: string; extensions: { code: string; limit?: string } };
}

describe('documents built to multiply', () => {
  it.each([24, 40])('a chain of %i fragments, each spread twice, is refused in milliseconds', async (depth) => {
    const document = fragmentDoubling(depth);
    const { responses, cpuMs, wallMs } = await measured(document);
    for (const response of responses) {
      expect(refusal(response)).toMatchObject({
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'MAX_QUERY_NODES' },
      });
    }
    figures[`fragment doubling ${depth}: server CPU ms per refusal`] = round(cpuMs);
    figures[`fragment doubling ${depth}: wall ms per request`] = round(wallMs);
    // Thousands of times under the tens of seconds these documents used to block the server.
    expect(cpuMs).toBeLessThan(50);
    expect((await sent(document)).statements).toEqual([]);
  });

  it('aliases inside a fragment count once per spread, as executed, not as written', async () => {
    const fiveAliases = Array.from({ length: 5 }, (_, i) => `a${i}: name`).join(' ');
    const document = `{ viewer { ...A ...A ...A ...A ...A } } fragment A on User { ${fiveAliases} }`;
    const { response, statements } = await sent(document);
    expect(refusal(response)).toMatchObject({
      message: expect.stringMatching(/Aliases limit of 20 exceeded, found 25\b.*\(MAX_QUERY_ALIASES\)/),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'MAX_QUERY_ALIASES', maximum: 20 },
    });
    expect(statements).toEqual([]);
  });

  it('/health answers within 100 ms while 10 of them are in flight', async () => {
    const health = served.graphqlUrl.replace(/graphql$/, 'health');
    const { graphqlRaw } = graphqlClient(served.graphqlUrl);
    const episodes = [];
    // Two rounds to warm up (the first requests of a process compile their code paths), five measured.
    for (let round = 0; round < 7; round++) {
      const cpuBefore = await mainThreadCpuMs(served.pid);
      const flood = Array.from({ length: 10 }, () => graphqlRaw(fragmentDoubling(40)));
      const started = performance.now();
      const answer = await fetch(health);
      const healthMs = performance.now() - started;
      expect(answer.status).toBe(200);
      expect((await Promise.all(flood)).every((response) => response.status === 400)).toBe(true);
      const busyMs = (await mainThreadCpuMs(served.pid)) - cpuBefore;
      if (round >= 2) episodes.push({ healthMs, busyMs });
    }
    const busy = median(episodes.map((episode) => episode.busyMs));
    const wall = median(episodes.map((episode) => episode.healthMs));
    figures['/health with 10 refusals in flight: server CPU ms for all 11 (median of 5)'] = round(busy);
    figures['/health with 10 refusals in flight: wall ms (median of 5)'] = round(wall);
    // The event loop was busy under 100 ms for the ten refusals and the health check together, so
    // on a core of its own the check waits less than that. Wall time also counts other processes
    // taking the cores (the test runner's), so it is only held to answering at all meanwhile.
    expect(busy).toBeLessThan(100);
    expect(wall).toBeLessThan(2_000);
  });

  it.each([
    ['10,000 URLs', TEN_THOUSAND_URLS, 'MAX_QUERY_COST'],
    ['90,000 URLs (aliases inside a fragment)', NINETY_THOUSAND_URLS, 'MAX_QUERY_ALIASES'],
  ])('the %s document is refused before any resolver runs', async (name, document, limit) => {
    const { response, statements } = await sent(document);
    const error = refusal(response);
    expect(error.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit });
    expect(error.message).toContain(limit);
    // Every post, author and file is loaded by SQL: none ran, so no URL was signed.
    expect(statements).toEqual([]);
    figures[`${name}: server CPU ms per refusal`] = round((await measured(document, 5)).cpuMs);
  });

  it('a document under the alias limit that would sign 10,000 URLs names its cost', async () => {
    const { response } = await sent(TEN_THOUSAND_URLS);
    expect(refusal(response).message).toMatch(/estimated cost is 2030401; at most 25000 is allowed \(MAX_QUERY_COST\)/);
  });
});

describe('what the client and the demo page send', () => {
  // The demo page sends these same documents (src/demo/browser uses the generated client).
  const largest: [string, string, Record<string, unknown>][] = [
    ['Posts, 100 per page', print(PostsDocument), { first: 100 }],
    ['Viewer', print(ViewerDocument), {}],
    [
      'RequestUpload',
      print(RequestUploadDocument),
      { input: { purpose: 'AVATAR', filename: 'a.png', contentType: 'image/png', byteSize: 1 } },
    ],
    ['ConfirmUpload', print(ConfirmUploadDocument), { ticketId: 't' }],
    [
      'SignUploadParts, 100 parts',
      print(SignUploadPartsDocument),
      { ticketId: 't', partNumbers: Array.from({ length: 100 }, (_, i) => i + 1) },
    ],
    ['UploadedParts', print(UploadedPartsDocument), { ticketId: 't' }],
    ['CreatePost', print(CreatePostDocument), { title: 't' }],
  ];

  it.each(largest)('%s fits the default cost', (name, document, variables) => {
    const cost = estimatedCost(document, variables);
    figures[`cost of ${name}`] = cost;
    expect(cost).toBeLessThanOrEqual(25_000);
  });

  it('a page of 100 posts with every attachment URL is served', async () => {
    const { response } = await sent(print(PostsDocument), { first: 100 });
    expect(response.errors).toBeUndefined();
    expect(countUrls(response.data)).toBe(24);
  });
});
