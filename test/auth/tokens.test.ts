import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { print } from 'graphql';
import { signDevToken } from '../../src/auth/dev-token.ts';
import { ViewerDocument } from '../../src/generated/client/graphql.ts';
import { startTestApi, TEST_JWT_SECRET, type TestApi } from '../support/test-api.ts';

describe('HS256 tokens (JWT_SECRET)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ JWT_ISSUER: 'https://issuer.test', JWT_AUDIENCE: 'uploads' });
  });
  afterAll(() => api.stop());

  const sign = (
    claims: Record<string, unknown>,
    options: { issuer?: string; audience?: string; expiresInSeconds?: number } = {},
  ) =>
    signDevToken(TEST_JWT_SECRET, String(claims['sub']), {
      issuer: options.issuer ?? 'https://issuer.test',
      audience: options.audience ?? 'uploads',
      ...(typeof claims['name'] === 'string' ? { name: claims['name'] } : {}),
      ...(options.expiresInSeconds !== undefined ? { expiresInSeconds: options.expiresInSeconds } : {}),
    });
  /** Any claims at all, signed with the server's secret: what a buggy or hostile issuer could send. */
  const signRaw = (claims: Record<string, unknown>) =>
    new SignJWT({ iss: 'https://issuer.test', aud: 'uploads', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
  const now = () => Math.floor(Date.now() / 1000);

  it('viewer is null without a token', async () => {
    expect((await api.graphql(ViewerDocument)).data).toEqual({ viewer: null });
  });

  it('creates the user on first sight, named by the name claim, else the subject', async () => {
    const named = await api.graphql(ViewerDocument, {}, await sign({ sub: 'u1', name: 'Uma' }));
    expect(named.data?.viewer?.name).toBe('Uma');
    const again = await api.graphql(ViewerDocument, {}, await sign({ sub: 'u1', name: 'Other' }));
    expect(again.data?.viewer?.id).toBe(named.data?.viewer?.id);
    const unnamed = await api.graphql(ViewerDocument, {}, await sign({ sub: 'auth0|42' }));
    expect(unnamed.data?.viewer?.name).toBe('auth0|42');
  });

  it('concurrent first requests of a new user create one user', async () => {
    const token = await sign({ sub: 'racer' });
    api.queries.length = 0;
    const results = await Promise.all(Array.from({ length: 10 }, () => api.graphql(ViewerDocument, {}, token)));
    const statements = [...api.queries];
    expect(new Set(results.map((result) => result.data?.viewer?.id)).size).toBe(1);
    expect(await api.db.user.count({ where: { subject: 'racer' } })).toBe(1);
    // The race above is only lost under load; what rules it out is that no request reads before
    // it inserts: the user is created by one INSERT ... ON CONFLICT statement.
    const bySubject = statements.filter((sql) => /"public"\."User"\."subject"/.test(sql));
    expect(bySubject.length).toBeGreaterThan(0);
    for (const sql of bySubject) expect(sql).toMatch(/^INSERT INTO "public"\."User" .* ON CONFLICT \("subject"\)/);
  });

  it.each([
    ['expired', () => sign({ sub: 'u1' }, { expiresInSeconds: -60 })],
    ['without exp (it would never expire)', () => signRaw({ sub: 'u1', iat: now() })],
    ['without iat', () => signRaw({ sub: 'u1', exp: now() + 60 })],
    ['living 30 days (the maximum is 24 hours)', () => sign({ sub: 'u1' }, { expiresInSeconds: 30 * 24 * 3600 })],
    [
      'issued a year ahead',
      () => signRaw({ sub: 'u1', iat: now() + 365 * 24 * 3600, exp: now() + 365 * 24 * 3600 + 60 }),
    ],
    ['issued two days ago', () => signRaw({ sub: 'u1', iat: now() - 2 * 24 * 3600, exp: now() + 60 })],
    [
      'not valid before an hour from now (nbf)',
      () => signRaw({ sub: 'u1', iat: now(), nbf: now() + 3600, exp: now() + 7200 }),
    ],
    ['whose exp is a string', () => signRaw({ sub: 'u1', iat: now(), exp: String(now() + 60) })],
    ['whose sub holds a NUL', () => sign({ sub: 'u\u00001' })],
    ['whose sub holds a line break', () => sign({ sub: 'u\n1' })],
    ['whose sub is a lone surrogate', () => signRaw({ sub: '\ud800', iat: now(), exp: now() + 60 })],
    ['whose sub is not a string', () => signRaw({ sub: 42, iat: now(), exp: now() + 60 })],
    ['from another issuer', () => sign({ sub: 'u1' }, { issuer: 'https://evil.test' })],
    ['for another audience', () => sign({ sub: 'u1' }, { audience: 'other' })],
    ['signed with another secret', () => signDevToken('another-secret-of-sufficient-length-0123456789', 'u1')],
    ['unsigned (alg none)', () => Promise.resolve(`${b64({ alg: 'none' })}.${b64({ sub: 'u1' })}.`)],
    [
      'without a subject',
      async () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(TEST_JWT_SECRET)),
    ],
  ])('UNAUTHENTICATED for a token %s', async (_name, token) => {
    const response = await api.graphql(ViewerDocument, {}, await token());
    expect(response.data?.viewer ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('accepts a token issued a few seconds ahead (clock skew within JWT_CLOCK_TOLERANCE_SECONDS)', async () => {
    const token = await signRaw({ sub: 'skewed', iat: now() + 10, exp: now() + 3600 });
    expect((await api.graphql(ViewerDocument, {}, token)).data?.viewer).toMatchObject({ name: 'skewed' });
  });

  it('keeps a name with control characters or a lone surrogate, cleaned, instead of failing', async () => {
    const token = await signRaw({ sub: 'named', name: 'Eve\u0000 \ud800Null', iat: now(), exp: now() + 60 });
    const response = await api.graphql(ViewerDocument, {}, token);
    expect(response.errors).toBeUndefined();
    expect(response.data?.viewer?.name).toBe('Eve  \ufffdNull');
  });

  it('UNAUTHENTICATED for a header that is not a bearer token', async () => {
    const response = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dTpw' },
      body: JSON.stringify({ query: print(ViewerDocument) }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('RS256 and ES256 tokens from a JWKS (JWT_JWKS_URL)', () => {
  let api: TestApi;
  let jwks: Server;
  const keys: Record<'RS256' | 'ES256', CryptoKey> = {} as never;

  beforeAll(async () => {
    const published: object[] = [];
    for (const alg of ['RS256', 'ES256'] as const) {
      const pair = await generateKeyPair(alg);
      keys[alg] = pair.privateKey;
      published.push({ ...(await exportJWK(pair.publicKey)), kid: alg, alg, use: 'sig' });
    }
    jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    api = await startTestApi({
      JWT_SECRET: '',
      JWT_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`,
      JWT_ISSUER: 'https://tenant.auth.test/',
      JWT_AUDIENCE: 'https://api.test',
    });
  });
  afterAll(async () => {
    await api.stop();
    jwks.close();
  });

  const providerToken = (alg: 'RS256' | 'ES256', audience = 'https://api.test') =>
    new SignJWT({ name: `Via ${alg}` })
      .setProtectedHeader({ alg, kid: alg })
      .setSubject(`provider|${alg}`)
      .setIssuer('https://tenant.auth.test/')
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(keys[alg]);

  it.each(['RS256', 'ES256'] as const)('accepts %s tokens signed by the provider', async (alg) => {
    const response = await api.graphql(ViewerDocument, {}, await providerToken(alg));
    expect(response.data?.viewer?.name).toBe(`Via ${alg}`);
  });

  it('refuses a provider token for another audience, and HS256 tokens altogether', async () => {
    const wrongAudience = await api.graphql(ViewerDocument, {}, await providerToken('RS256', 'https://other.test'));
    expect(wrongAudience.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const hs = await api.graphql(ViewerDocument, {}, await signDevToken(TEST_JWT_SECRET, 'x'));
    expect(hs.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('cannot sign tokens itself', () => {
    expect(api.signToken).toBeUndefined();
  });
});

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
