import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import { ViewerDocument } from '../../src/generated/client/graphql.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';

let api: TestApi;
let base: string;

beforeAll(async () => {
  api = await startTestApi({ MAX_REQUEST_BYTES: '2048' });
  base = api.graphqlUrl.replace(/\/graphql$/, '');
});
afterAll(() => api.stop());

describe('HTTP surface', () => {
  it('GET /health answers 200 when the database and the storage answer', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok' } });
  });

  it('serves queries over GET (with a CSRF-safe header) and refuses mutations over GET', async () => {
    const query = encodeURIComponent('{ posts(first: 1) { pageInfo { hasNextPage } } }');
    const ok = await fetch(`${base}/graphql?query=${query}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ data: { posts: { pageInfo: { hasNextPage: false } } } });
    // Answers depend on the viewer: no cache may keep them, GET or not.
    expect(ok.headers.get('cache-control')).toBe('no-store');

    // A bare GET could come from a cross-site <img>: CSRF prevention refuses it.
    expect((await fetch(`${base}/graphql?query=${query}`)).status).toBe(400);

    const mutation = encodeURIComponent('mutation { createPost(input: { title: "x" }) { id } }');
    const refused = await fetch(`${base}/graphql?query=${mutation}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(refused.status).toBe(405);
  });

  it('shows the Apollo Sandbox landing page to browsers in development', async () => {
    const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('sandbox');
  });

  it('answers CORS preflights for browser frontends', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('allows the headers real apps send (client awareness, trace context, Sentry, request ids) and caches the answer', async () => {
    // What Apollo Client's clientAwareness, OpenTelemetry's fetch instrumentation and Sentry add.
    const appHeaders = [
      'apollographql-client-name',
      'apollographql-client-version',
      'traceparent',
      'tracestate',
      'baggage',
      'sentry-trace',
      'x-request-id',
    ];
    const preflight = await fetch(`${base}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': ['authorization', 'content-type', ...appHeaders].join(','),
      },
    });
    expect(preflight.status).toBe(204);
    const allowed = preflight.headers.get('access-control-allow-headers')?.split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', ...appHeaders]));
    expect(preflight.headers.get('access-control-max-age')).toBe('7200');

    // The request itself, with those headers: answered, with the request id readable by the app.
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        origin: 'http://localhost:5173',
        'content-type': 'application/json',
        'apollographql-client-name': 'web',
        'apollographql-client-version': '1.2.3',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        'x-request-id': 'req-123',
      },
      body: JSON.stringify({ query: print(ViewerDocument) }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('x-request-id')).toBe('req-123');
    expect(response.headers.get('access-control-expose-headers')?.split(/,\s*/)).toEqual(
      expect.arrayContaining(['x-request-id', 'retry-after']),
    );
  });

  it('refuses bodies over MAX_REQUEST_BYTES with 413 and bad JSON with 400', async () => {
    const big = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ posts { pageInfo { hasNextPage } } } #${'x'.repeat(3000)}` }),
    });
    expect(big.status).toBe(413);
    const broken = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":',
    });
    expect(broken.status).toBe(400);
  });

  it('serves the demo page and its script, bundled from the client sources, in development', async () => {
    const page = await fetch(`${base}/demo`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/demo/app.js">');
    const script = await fetch(`${base}/demo/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const source = await script.text();
    expect(source).toContain('XMLHttpRequest'); // the client's browser transport is in the bundle
    expect(source).not.toMatch(/from\s*["']|import\(/); // self-contained: nothing left to resolve
    expect((await fetch(`${base}/demo/other.js`)).status).toBe(404);
  });

  it('keeps idle connections open longer than a load balancer would (HTTP_KEEP_ALIVE_TIMEOUT_SECONDS)', async () => {
    const response = await fetch(`${base}/livez`);
    expect(response.headers.get('keep-alive')).toBe('timeout=65');
  });

  it('answers 404 elsewhere', async () => {
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });
});

describe('CORS_ALLOWED_HEADERS, CORS_ORIGINS and CORS_MAX_AGE_SECONDS', () => {
  let configured: TestApi;
  beforeAll(async () => {
    configured = await startTestApi({
      CORS_ORIGINS: 'https://app.example.com',
      CORS_ALLOWED_HEADERS: 'X-Tenant',
      CORS_MAX_AGE_SECONDS: '60',
    });
  });
  afterAll(() => configured.stop());

  const preflight = (origin: string) =>
    fetch(configured.graphqlUrl, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-tenant' },
    });

  it("replace the default app headers, keep the API's own, and allow only the listed origins", async () => {
    const response = await preflight('https://app.example.com');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-tenant',
    );
    expect(response.headers.get('access-control-max-age')).toBe('60');
    expect(response.headers.get('vary')).toBe('Origin');
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('production settings', () => {
  let prod: TestApi;
  beforeAll(async () => {
    prod = await startTestApi({
      NODE_ENV: 'production',
      S3_BUCKET: 'uploads',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      S3_ENDPOINT: 'http://127.0.0.1:1',
    });
  });
  afterAll(() => prod.stop());

  it('turns introspection and the landing page off', async () => {
    const introspection = await prod.graphqlRaw('{ __schema { types { name } } }');
    expect(introspection.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const page = await fetch(prod.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('sandbox');
  });

  it('names no other field, type or enum value in errors ("Did you mean …?" is off)', async () => {
    const typo = await prod.graphqlRaw('{ postz { edges { cursor } } }');
    expect(typo.errors?.[0]?.message).toBe('Cannot query field "postz" on type "Query".');
    const enumTypo = await prod.graphqlRaw(
      'mutation { requestUpload(input: { purpose: AVATARS, filename: "a", contentType: "image/png", byteSize: 1 }) { __typename } }',
    );
    expect(enumTypo.errors?.[0]?.message).not.toMatch(/Did you mean|AVATAR\b/);
  });

  it('does not serve the demo page', async () => {
    expect((await fetch(prod.graphqlUrl.replace(/graphql$/, 'demo'))).status).toBe(404);
  });

  it('reports unreachable storage on /health with 503', async () => {
    const response = await fetch(prod.graphqlUrl.replace(/graphql$/, 'health'));
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'unavailable',
      checks: { database: 'ok', storage: 'unavailable' },
    });
  });
});

describe('operation limits', () => {
  const post = (body: unknown) =>
    fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses queries nested deeper than 10 levels, fragments included', async () => {
    const deep =
      '{ posts { edges { node { author { posts { edges { node { author { posts { edges { node { id } } } } } } } } } } } }';
    const response = await api.graphqlRaw(deep);
    expect(response.errors?.[0]?.message).toMatch(/depth limit of 10 exceeded, found 12\. \(MAX_QUERY_DEPTH\)/);
    const viaFragments = await api.graphqlRaw(
      'query { posts { ...P } } fragment P on PostConnection { edges { node { author { posts { edges { node { author { posts { edges { node { id } } } } } } } } } } }',
    );
    expect(viaFragments.errors?.[0]?.message).toMatch(/depth limit of 10 exceeded/);
    // Within the limit: fine.
    expect(
      (await api.graphqlRaw('{ posts { edges { node { author { posts { edges { node { id } } } } } } } }')).errors,
    ).toBeUndefined();
  });

  it('does not count introspection against the depth limit (schema explorers keep working)', async () => {
    const response = await api.graphqlRaw(
      '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }',
    );
    expect(response.errors).toBeUndefined();
  });

  it('refuses more than 20 aliases', async () => {
    const aliases = Array.from({ length: 21 }, (_, i) => `a${i}: posts(first: 1) { pageInfo { hasNextPage } }`).join(
      ' ',
    );
    expect((await api.graphqlRaw(`{ ${aliases} }`)).errors?.[0]?.message).toMatch(
      /Aliases limit of 20 exceeded, found 21/,
    );
  });

  it('refuses batched operations', async () => {
    const response = await post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(response.status).toBe(400);
  });
});
