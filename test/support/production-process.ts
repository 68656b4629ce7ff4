import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalS3, type RunningLocalS3 } from '../../src/dev/local-s3.ts';
import { ENTRY, startMain, type MainProcess } from './main-process.ts';
import { freePort } from './ports.ts';
import { startTcpFaultProxy, type TcpFaultProxy } from './tcp-fault-proxy.ts';
import { PROJECT_DIR, TEST_JWT_SECRET } from './test-api.ts';
import { createTestDatabase } from './test-database.ts';

/** `npm run build` (tsc, a few seconds): the compiled server that production runs. */
export function buildServer(): void {
  const tsc = path.join(PROJECT_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: PROJECT_DIR, stdio: 'pipe' });
}

/**
 * A store for production processes: an s3rver of the test's own (production never starts one),
 * behind a TCP proxy the test can stall, as a hung store would.
 */
export async function startProxiedStore(): Promise<{ endpoint: string; proxy: TcpFaultProxy; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'upload-tickets-prod-s3-'));
  const store: RunningLocalS3 = await startLocalS3({ port: await freePort(), dataDir, bucket: 'uploads' });
  const proxy = await startTcpFaultProxy({ host: '127.0.0.1', port: Number(new URL(store.endpoint).port) });
  return {
    endpoint: `http://127.0.0.1:${proxy.port}`,
    proxy,
    async stop() {
      await proxy.close();
      await store.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ProductionProcess extends MainProcess {
  graphqlUrl: string;
  port: number;
  databaseUrl: string;
  /** Ends the process (if it still runs) and drops its database. */
  remove(): Promise<void>;
}

/** The production environment of the README (NODE_ENV=production, DATABASE_URL, S3_*, a secret). */
export async function productionEnv(storeEndpoint: string, databaseUrl: string): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    DATABASE_URL: databaseUrl,
    S3_ENDPOINT: storeEndpoint,
    S3_BUCKET: 'uploads',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    JWT_SECRET: TEST_JWT_SECRET,
    SWEEP_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'info',
  };
}

/** `node dist/main.js` in production on a database of its own (a copy of the migrated template). */
export async function startProduction(
  storeEndpoint: string,
  env: Record<string, string> = {},
  nodeArgs: readonly string[] = [],
): Promise<ProductionProcess> {
  const database = await createTestDatabase();
  const fullEnv = { ...(await productionEnv(storeEndpoint, database.url)), ...env };
  const main = await startMain(fullEnv, [...nodeArgs, ...ENTRY.compiled]).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  return {
    ...main,
    port: Number(fullEnv['PORT']),
    graphqlUrl: `http://127.0.0.1:${fullEnv['PORT']}/graphql`,
    databaseUrl: database.url,
    async remove() {
      await main.kill();
      await database.drop();
    },
  };
}

/**
 * A raw connection that has sent the first line of `GET path` but not the end of its headers:
 * the server holds it as a request in progress (not an idle connection it may close), so the
 * rest can be sent at a chosen moment, e.g. once shutdown began. `finish` resolves with the raw
 * response.
 */
export async function halfSentRequest(port: number, requestPath: string): Promise<{ finish(): Promise<string> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let response = '';
  socket.on('data', (chunk: Buffer) => (response += chunk.toString()));
  const ended = new Promise<string>((resolve) => socket.once('close', () => resolve(response)));
  socket.write(`GET ${requestPath} HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
  return {
    finish() {
      socket.write('\r\n');
      return ended;
    },
  };
}

/** Resolves once `output()` matches, or rejects after `timeoutMs`. */
export async function waitForOutput(output: () => string, pattern: RegExp, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!pattern.test(output())) {
    if (Date.now() - started > timeoutMs) throw new Error(`no ${String(pattern)} in:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
