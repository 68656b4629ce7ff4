import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { defaultEmbeddedDataDir } from '../../src/dev/embedded-postgres.ts';
import { PROJECT_DIR } from '../support/test-api.ts';

const load = (env: Record<string, string>) => loadConfig(env, PROJECT_DIR);

function problem(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('runs with zero configuration on embedded PostgreSQL, local S3 and a dev secret', () => {
    const config = load({});
    expect(config).toMatchObject({
      env: 'development',
      port: 4000,
      database: { kind: 'embedded', port: 54320 },
      storage: { kind: 'local', bucket: 'uploads', port: 4569 },
      auth: { kind: 'dev-secret' },
      uploads: { ticketTtlSeconds: 300 },
      graphql: { introspection: true },
      http: {
        cors: {
          origins: '*',
          allowedHeaders: expect.arrayContaining(['apollographql-client-name', 'traceparent', 'x-request-id']),
          maxAgeSeconds: 7200,
        },
      },
    });
  });

  it('uses real services when they are configured', () => {
    const config = load({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app:pw@db:5432/app',
      S3_BUCKET: 'my-uploads',
      S3_REGION: 'eu-central-1',
      S3_ENDPOINT: 'http://ceph:7480',
      JWT_JWKS_URL: 'https://tenant.auth0.com/.well-known/jwks.json',
      CORS_ORIGINS: 'https://app.example.com, https://admin.example.com',
      CORS_ALLOWED_HEADERS: 'X-Tenant, traceparent',
      CORS_MAX_AGE_SECONDS: '0',
    });
    expect(config).toMatchObject({
      database: { kind: 'url', url: 'postgresql://app:pw@db:5432/app' },
      storage: {
        kind: 's3',
        bucket: 'my-uploads',
        region: 'eu-central-1',
        endpoint: 'http://ceph:7480/',
        forcePathStyle: true,
      },
      auth: { kind: 'jwks' },
      graphql: { introspection: false },
      http: {
        cors: {
          origins: ['https://app.example.com', 'https://admin.example.com'],
          allowedHeaders: ['x-tenant', 'traceparent'],
          maxAgeSeconds: 0,
        },
      },
    });
  });

  it('uses AWS S3 through the default credential chain when credentials are in the environment', () => {
    expect(load({ AWS_PROFILE: 'dev', S3_BUCKET: 'b-1' }).storage).toEqual({
      kind: 's3',
      bucket: 'b-1',
      region: 'us-east-1',
      endpoint: undefined,
      forcePathStyle: false,
    });
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/db' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['DATABASE_URL', { NODE_ENV: 'production', S3_BUCKET: 'b-1', JWT_SECRET: 'x'.repeat(32) }],
    ['S3_BUCKET', { S3_ENDPOINT: 'http://ceph:7480' }],
    ['S3_BUCKET', { AWS_ACCESS_KEY_ID: 'AKIA', S3_BUCKET: 'Bad_Bucket' }],
    ['S3_ENDPOINT', { S3_ENDPOINT: 'ftp://store' }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['JWT_SECRET', { JWT_SECRET: 'x'.repeat(32), JWT_JWKS_URL: 'https://idp/jwks' }],
    ['JWT_SECRET', { NODE_ENV: 'production', DATABASE_URL: 'postgresql://h/d', S3_BUCKET: 'b-1' }],
    ['TICKET_TTL_SECONDS', { TICKET_TTL_SECONDS: '5' }],
    ['TICKET_TTL_SECONDS', { TICKET_TTL_SECONDS: '604801' }],
    ['DOWNLOAD_URL_TTL_SECONDS', { DOWNLOAD_URL_TTL_SECONDS: '1.5' }],
    ['GRAPHQL_INTROSPECTION', { GRAPHQL_INTROSPECTION: 'yes' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: 'app.example.com' }],
    ['CORS_ORIGINS', { CORS_ORIGINS: 'https://app.example.com/path' }],
    ['CORS_ALLOWED_HEADERS', { CORS_ALLOWED_HEADERS: 'traceparent, x request id' }],
    ['CORS_ALLOWED_HEADERS', { CORS_ALLOWED_HEADERS: 'traceparent,,baggage' }],
    ['CORS_ALLOWED_HEADERS', { CORS_ALLOWED_HEADERS: 'x-tenant:1' }],
    ['CORS_MAX_AGE_SECONDS', { CORS_MAX_AGE_SECONDS: '-1' }],
    ['CORS_MAX_AGE_SECONDS', { CORS_MAX_AGE_SECONDS: '86401' }],
  ])('names %s when it is wrong', (variable, env) => {
    const error = problem(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(variable)).toBe(true);
  });
});

describe('npm start with a bad variable', () => {
  it('stops before starting anything, naming the variable and the fix', async () => {
    const run = promisify(execFile);
    const tsx = path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx');
    const failure = await run(tsx, ['src/main.ts'], {
      cwd: PROJECT_DIR,
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: '' },
    }).then(
      () => null,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('PORT must be a whole number from 0 to 65535 (got "eighty")');
  });
});

describe('embedded PostgreSQL data directory', () => {
  it('is the same for the server and the scripts, however the project path is spelled', () => {
    expect(defaultEmbeddedDataDir(`${PROJECT_DIR}/`)).toBe(defaultEmbeddedDataDir(PROJECT_DIR.replace(/\/$/, '')));
    expect(load({}).database).toMatchObject({ dataDir: defaultEmbeddedDataDir(PROJECT_DIR) });
  });
});
