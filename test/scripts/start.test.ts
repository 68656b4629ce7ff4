import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { freePort, portOpen } from '../support/ports.ts';
import { startMain } from '../support/main-process.ts';

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
    const token = /Dev token \(user "dev-user", 30 days\): (\S+)/.exec(main.output())?.[1] ?? '';
    const viewer = await fetch(`http://127.0.0.1:${api}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ viewer { name } }' }),
    });
    expect(await viewer.json()).toEqual({ data: { viewer: { name: 'Dev User' } } });
    expect((await fetch(`http://127.0.0.1:${api}/health`)).status).toBe(200);
    expect(await main.terminate()).toEqual({ code: 0, postgresOpen: false, s3Open: false });
  }, 40_000);

  it('stops cleanly on SIGTERM when it never served a request', async () => {
    const main = await startWithDefaults();
    expect(main.output()).toContain('GraphQL API ready');
    expect(await main.terminate()).toEqual({ code: 0, postgresOpen: false, s3Open: false });
  }, 40_000);
});
