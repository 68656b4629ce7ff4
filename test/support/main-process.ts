import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';
import { OUT_OF_REACH_RATE_LIMITS } from './rate-limit-env.ts';
import { PROJECT_DIR, TEST_JWT_SECRET } from './test-api.ts';
import { createTestDatabase } from './test-database.ts';

export interface MainProcess {
  pid: number;
  /** stdout and stderr, interleaved as they came. */
  output: () => string;
  stdout: () => string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string | null>;
  /** SIGTERM, and SIGKILL if it has not exited 12 s later: a hung shutdown fails a test, not the run. */
  terminate(): Promise<number | string | null>;
  kill(): Promise<number | string | null>;
}

/** How the server is started: `npm start`'s program, or the compiled server as containers run it. */
export const ENTRY = {
  /** What `npm start` runs (scripts/launch.js: the sources through tsx's loader outside production). */
  npmStart: ['scripts/launch.js', 'main'],
  /** The documented production start (after `npm run build`). */
  compiled: ['dist/main.js'],
} as const;

/** The server as a process of its own, with `env` over the test's env. */
export async function startMain(
  env: Record<string, string>,
  entry: readonly string[] = ENTRY.npmStart,
): Promise<MainProcess> {
  // One process (a loader, not tsx's CLI, which would run the program in a child of its own):
  // SIGKILL then really kills the server, as a crash would.
  const child = spawn(process.execPath, [...entry], {
    cwd: PROJECT_DIR,
    env: { ...process.env, ...env },
  });
  // A test that fails before it terminates the server must not leave it running after the run.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve(code ?? signal);
    }),
  );
  const started = Date.now();
  while (!output.includes('GraphQL API ready') && Date.now() - started < 25_000 && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!output.includes('GraphQL API ready')) {
    // Not left behind (with the embedded PostgreSQL it may have started): SIGTERM lets it stop
    // what it started, SIGKILL if it does not exit soon.
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
    throw new Error(`${entry.join(' ')} did not start within ${Date.now() - started} ms:\n${output}`);
  }
  return {
    pid: child.pid ?? -1,
    output: () => output,
    stdout: () => stdout,
    exited,
    async terminate() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 12_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    kill() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

export interface ServedApi {
  graphqlUrl: string;
  pid: number;
  /** Every complete line the process wrote (its JSON logs). */
  logLines(): string[];
  stop(): Promise<void>;
}

/**
 * The API as `npm start` runs it, in a process of its own, on a database of its own (a copy of
 * the migrated template) and its own local store: for measurements that the test's own work must
 * not share an event loop with.
 */
export async function startServedApi(env: Record<string, string> = {}): Promise<ServedApi> {
  const database = await createTestDatabase();
  const s3Dir = await mkdtemp(path.join(tmpdir(), 'upload-tickets-s3-'));
  const port = await freePort();
  const main = await startMain({
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL: database.url,
    LOCAL_S3_PORT: String(await freePort()),
    LOCAL_S3_DATA_DIR: s3Dir,
    JWT_SECRET: TEST_JWT_SECRET,
    SWEEP_INTERVAL_SECONDS: '0',
    ...OUT_OF_REACH_RATE_LIMITS,
    ...env,
  });
  return {
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    pid: main.pid,
    logLines: () => main.output().split('\n').slice(0, -1),
    async stop() {
      await main.terminate();
      await database.drop();
      await rm(s3Dir, { recursive: true, force: true });
    },
  };
}

/**
 * CPU time the process's main thread (the one that runs JavaScript, the event loop) has used so
 * far, in ms, from the kernel's scheduler statistics (nanoseconds). Unlike wall time it does not
 * grow when other processes compete for the cores, so it says how long the event loop was busy.
 */
export async function mainThreadCpuMs(pid: number): Promise<number> {
  const [onCpuNs] = (await readFile(`/proc/${pid}/schedstat`, 'utf8')).trim().split(/\s+/);
  return Number(onCpuNs) / 1e6;
}
