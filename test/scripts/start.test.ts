import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PROJECT_DIR } from '../support/test-api.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  it('starts with embedded PostgreSQL and local S3, prints the URL and a token, and stops cleanly on SIGTERM', async () => {
    const [port, pgPort, s3Port] = [await freePort(), await freePort(), await freePort()];
    const child = spawn(path.join(PROJECT_DIR, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], {
      cwd: PROJECT_DIR,
      env: {
        ...process.env,
        DATABASE_URL: '',
        PORT: String(port),
        EMBEDDED_PG_PORT: String(pgPort),
        EMBEDDED_PG_DATA_DIR: path.join(tmpdir(), `upload-tickets-start-${randomBytes(4).toString('hex')}`),
        LOCAL_S3_PORT: String(s3Port),
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
    expect(output).toContain(`GraphQL API ready at http://127.0.0.1:${port}/graphql`);
    const token = /Dev token \(user "dev-user", 30 days\): (\S+)/.exec(output)?.[1];

    const viewer = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` },
      body: JSON.stringify({ query: '{ viewer { name } }' }),
    });
    expect(await viewer.json()).toEqual({ data: { viewer: { name: 'Dev User' } } });
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await portOpen(pgPort)).toBe(false);
    expect(await portOpen(s3Port)).toBe(false);
  }, 40_000);
});
