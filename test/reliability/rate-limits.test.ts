import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print, type DocumentNode } from 'graphql';
import { Redis } from 'ioredis';
import { PostsDocument, ViewerDocument } from '../../src/generated/client/graphql.ts';
import { rateLimitKey } from '../../src/http/client-address.ts';
import { RequestTicketDocument } from '../generated/graphql.ts';
import { databaseState } from '../support/db-state.ts';
import { startServedApi, type ServedApi } from '../support/main-process.ts';
import { freePort } from '../support/ports.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { requestTicket, type UploadRequest } from '../support/upload-client.ts';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const avatar: UploadRequest = { purpose: 'AVATAR', filename: 'a.png', contentType: 'image/png', byteSize: 10 };

/** One POST of `document` with optional token and headers; the status, Retry-After and body. */
async function send(
  url: string,
  document: DocumentNode | string,
  options: { token?: string; headers?: Record<string, string> } = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query: typeof document === 'string' ? document : print(document) }),
  });
  const body = (await response.json()) as {
    errors?: { extensions: { code: string; retryAfterSeconds?: number; limit?: string } }[];
  };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

function expectRateLimited(answer: Awaited<ReturnType<typeof send>>, limit: string) {
  expect(answer.status).toBe(429);
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
  expect(answer.body.errors?.[0]?.extensions).toEqual({
    code: 'RATE_LIMITED',
    retryAfterSeconds: Number(answer.retryAfter),
    limit,
  });
}

describe('rate limits in one process', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      RATE_LIMIT_REQUESTS_PER_ADDRESS: '1000',
      RATE_LIMIT_REQUESTS_PER_USER: '5',
      RATE_LIMIT_TICKETS_PER_USER: '3',
      RATE_LIMIT_TICKETS_PER_ADDRESS: '5',
    });
  });
  afterAll(() => api.stop());

  it("a user's requests past RATE_LIMIT_REQUESTS_PER_USER are refused; others' and anonymous ones are not", async () => {
    const [alice, bob] = await Promise.all([api.token('alice-rl'), api.token('bob-rl')]);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => send(api.graphqlUrl, ViewerDocument, { token: alice })),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
    for (const answer of answers.filter((each) => each.status !== 200)) {
      expectRateLimited(answer, 'RATE_LIMIT_REQUESTS_PER_USER');
    }
    expect((await send(api.graphqlUrl, ViewerDocument, { token: bob })).status).toBe(200);
    expect((await send(api.graphqlUrl, PostsDocument)).status).toBe(200);
  });

  it('ticket requests past RATE_LIMIT_TICKETS_PER_USER are refused before anything is written', async () => {
    const token = await api.token('ticket-rl');
    for (let i = 0; i < 3; i++)
      expect(await requestTicket(api, token, avatar)).toMatchObject({ __typename: 'UploadTicket' });
    const before = await databaseState(api);
    const refused = await api.graphql(RequestTicketDocument, { input: avatar }, token);
    expect(refused.status).toBe(429);
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      limit: 'RATE_LIMIT_TICKETS_PER_USER',
    });
    expect(await databaseState(api)).toEqual(before);
  });

  it('ticket requests of several users from one address stop at RATE_LIMIT_TICKETS_PER_ADDRESS', async () => {
    const tokens = await Promise.all(['t1', 't2', 't3'].map((name) => api.token(`${name}-rl`)));
    // The previous test's three tickets came from this address too: 2 more fit.
    const results = [];
    for (const token of tokens) {
      results.push(await api.graphql(RequestTicketDocument, { input: avatar }, token));
    }
    expect(results.map((result) => result.status)).toEqual([200, 200, 429]);
    expect(results[2]?.errors?.[0]?.extensions).toMatchObject({ limit: 'RATE_LIMIT_TICKETS_PER_ADDRESS' });
  });
});

describe('rate limits per client address', () => {
  let api: TestApi;
  let behindProxy: TestApi;
  beforeAll(async () => {
    [api, behindProxy] = await Promise.all([
      startTestApi({ RATE_LIMIT_REQUESTS_PER_ADDRESS: '10' }),
      startTestApi({ RATE_LIMIT_REQUESTS_PER_ADDRESS: '10', TRUST_PROXY_HOPS: '1' }),
    ]);
  });
  afterAll(() => Promise.all([api.stop(), behindProxy.stop()]));

  it('a burst past RATE_LIMIT_REQUESTS_PER_ADDRESS gets 429 with Retry-After; /health is not limited', async () => {
    // A client-written X-Forwarded-For changes nothing without a trusted proxy.
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        send(api.graphqlUrl, '{ __typename }', { headers: { 'x-forwarded-for': `203.0.113.${i}` } }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(10);
    for (const answer of answers.filter((each) => each.status !== 200)) {
      expectRateLimited(answer, 'RATE_LIMIT_REQUESTS_PER_ADDRESS');
    }
    expect((await fetch(api.graphqlUrl.replace(/graphql$/, 'health'))).status).toBe(200);
  });

  it('behind TRUST_PROXY_HOPS proxies, clients are told apart by the address the proxy appended', async () => {
    const from = (client: string) =>
      send(behindProxy.graphqlUrl, '{ __typename }', { headers: { 'x-forwarded-for': `198.51.100.7, ${client}` } });
    const first = await Promise.all(Array.from({ length: 12 }, () => from('192.0.2.1')));
    expect(first.filter((answer) => answer.status === 200)).toHaveLength(10);
    // Another client behind the same proxy has a budget of its own; the spoofed left part counts for nothing.
    expect((await from('192.0.2.2')).status).toBe(200);
  });

  it('keys IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', () => {
    expect(rateLimitKey('2001:db8:1:2:aaaa::1')).toBe('2001:0db8:0001:0002::/64');
    expect(rateLimitKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:0db8:0001:0002::/64');
    expect(rateLimitKey('::1')).toBe('0000:0000:0000:0000::/64');
    expect(rateLimitKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(rateLimitKey('192.0.2.1')).toBe('192.0.2.1');
  });
});

describe('rate limits shared through Redis (REDIS_URL)', () => {
  const prefix = `upload-tickets-test-${randomBytes(4).toString('hex')}:`;
  let replicas: ServedApi[];
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis.connect().catch((error: unknown) => {
      throw new Error(`These tests need Redis at ${REDIS_URL} (TEST_REDIS_URL): ${String(error)}`);
    });
    const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_REQUESTS_PER_ADDRESS: '20' };
    replicas = await Promise.all([startServedApi(env), startServedApi(env)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('two API processes share one budget: over both, exactly the limit is served', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(replicas[i % 2]!.graphqlUrl, '{ __typename }')),
    );
    const served = answers.filter((answer) => answer.status === 200).length;
    expect(served).toBe(20);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(10);
    expect(await redis.keys(`${prefix}*`)).not.toHaveLength(0);
  });

  it('without Redis reachable, the API starts and limits each process on its own', async () => {
    const closedPort = await freePort();
    const alone = await startServedApi({
      REDIS_URL: `redis://127.0.0.1:${closedPort}`,
      RATE_LIMIT_REQUESTS_PER_ADDRESS: '5',
      LOG_LEVEL: 'warn',
    });
    try {
      const answers = [];
      for (let i = 0; i < 7; i++) answers.push(await send(alone.graphqlUrl, '{ __typename }'));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(alone.logLines().join('\n')).toMatch(/Redis is unavailable: rate limits apply per process/);
    } finally {
      await alone.stop();
    }
  }, 30_000);
});
