import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import { ViewerDocument } from '../../src/generated/client/graphql.ts';
import { freePort, portOpen } from '../support/ports.ts';
import { startMain, type MainProcess } from '../support/main-process.ts';
import { TEST_JWT_SECRET } from '../support/test-api.ts';
import { createTestDatabase } from '../support/test-database.ts';

const running: MainProcess[] = [];
// A failed expectation must not leave a server behind (it would keep the test run from ending).
afterEach(async () => {
  await Promise.all(running.splice(0).map((main) => main.kill()));
});

/** With the embedded defaults, on free ports and a fresh embedded cluster. */
async function startWithDefaults() {
  const ports = { api: await freePort(), postgres: await freePort(), s3: await freePort() };
  const dataDir = path.join(tmpdir(), `upload-tickets-start-${randomBytes(4).toString('hex')}`);
  const main = await startMain({
    NODE_ENV: 'development',
    DATABASE_URL: '',
    PORT: String(ports.api),
    EMBEDDED_PG_PORT: String(ports.postgres),
    EMBEDDED_PG_DATA_DIR: dataDir,
    LOCAL_S3_PORT: String(ports.s3),
    LOG_LEVEL: 'warn',
  });
  running.push(main);
  return {
    ports,
    output: main.output,
    /** SIGTERM; the exit code, and whether the servers it started are gone. */
    async terminate() {
      const code = await main.terminate();
      const stopped = { code, postgresOpen: await portOpen(ports.postgres), s3Open: await portOpen(ports.s3) };
      await rm(dataDir, { recursive: true, force: true });
      return stopped;
    },
  };
}

describe('npm start', () => {
  it('starts with embedded PostgreSQL and local S3, prints the URL and a token that works', async () => {
    const main = await startWithDefaults();
    const { api } = main.ports;
    expect(main.output()).toContain(`GraphQL API ready at http://127.0.0.1:${api}/graphql`);
    expect(main.output()).toContain(`Demo page: http://127.0.0.1:${api}/demo`);
    const token = /Dev token \(user "dev-user", 24 h\): (\S+)/.exec(main.output())?.[1] ?? '';
    const viewer = await fetch(`http://127.0.0.1:${api}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: print(ViewerDocument) }),
    });
    expect(await viewer.json()).toMatchObject({ data: { viewer: { name: 'Dev User' } } });
    expect((await fetch(`http://127.0.0.1:${api}/health`)).status).toBe(200);
    expect(await main.terminate()).toEqual({ code: 0, postgresOpen: false, s3Open: false });
  }, 40_000);

  it('stops cleanly on SIGTERM when it never served a request', async () => {
    const main = await startWithDefaults();
    expect(main.output()).toContain('GraphQL API ready');
    expect(await main.terminate()).toEqual({ code: 0, postgresOpen: false, s3Open: false });
  }, 40_000);
});

describe('npm start in production', () => {
  it('prints no token (the secret is real there: a printed token is a credential in the logs)', async () => {
    const database = await createTestDatabase();
    try {
      const main = await startMain({
        NODE_ENV: 'production',
        PORT: String(await freePort()),
        DATABASE_URL: database.url,
        // The store is not contacted at start-up; nothing here uploads.
        S3_ENDPOINT: 'http://127.0.0.1:9',
        S3_BUCKET: 'uploads',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        JWT_SECRET: TEST_JWT_SECRET,
        SWEEP_INTERVAL_SECONDS: '0',
        LOG_LEVEL: 'info',
      });
      running.push(main);
      expect(main.output()).toContain('GraphQL API ready');
      expect(main.output()).not.toMatch(/token|eyJ/i);
      // Nothing but JSON on stdout: the banner is a log line too (log collectors parse every line).
      const lines = main
        .stdout()
        .split('\n')
        .filter((line) => line.trim() !== '');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
      expect(lines.map((line) => (JSON.parse(line) as { msg?: string }).msg)).toContain('GraphQL API ready');
      expect(await main.terminate()).toBe(0);
    } finally {
      await database.drop();
    }
  }, 40_000);
});
