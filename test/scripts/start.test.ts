import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { freePort, portOpen } from '../support/ports.ts';
import { PROJECT_DIR } from '../support/test-api.ts';

/** `npm start`'s program as a process of its own, on free ports, with a fresh embedded cluster. */
async function startMain() {
  const ports = { api: await freePort(), postgres: await freePort(), s3: await freePort() };
  const child = spawn(path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
    cwd: PROJECT_DIR,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DATABASE_URL: '',
      PORT: String(ports.api),
      EMBEDDED_PG_PORT: String(ports.postgres),
      EMBEDDED_PG_DATA_DIR: path.join(tmpdir(), `upload-tickets-start-${randomBytes(4).toString('hex')}`),
      LOCAL_S3_PORT: String(ports.s3),
      LOG_LEVEL: 'warn',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const started = Date.now();
  while (!output.includes('Dev token') && Date.now() - started < 25_000 && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    ports,
    output: () => output,
    /** SIGTERM; resolves with the exit code once every server it started is gone. */
    async terminate() {
      child.kill('SIGTERM');
      // A shutdown that hangs must fail the test, not the test run.
      const timer = setTimeout(() => child.kill('SIGKILL'), 12_000);
      const code = await exited;
      clearTimeout(timer);
      return { code, postgresOpen: await portOpen(ports.postgres), s3Open: await portOpen(ports.s3) };
    },
  };
}

describe('npm start', () => {
  it('starts with embedded PostgreSQL and local S3, prints the URL and a token that works', async () => {
    const main = await startMain();
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
    const main = await startMain();
    expect(main.output()).toContain('GraphQL API ready');
    expect(await main.terminate()).toEqual({ code: 0, postgresOpen: false, s3Open: false });
  }, 40_000);
});
