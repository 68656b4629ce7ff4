import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signDevToken } from '../../../src/auth/dev-token.ts';
import { applyMigrations } from '../../../src/db/migration-engine.ts';
import { startEmbeddedPostgres } from '../../../src/dev/embedded-postgres.ts';
import { freePort } from '../../support/ports.ts';
import { OUT_OF_REACH_RATE_LIMITS } from '../../support/rate-limit-env.ts';
import { pinProcess, spawnPinned, type PinnedProcess } from './processes.ts';
import type { S3Counts } from './s3-server.ts';

/** The server under test runs on core 0; the load generator (this process), PostgreSQL and S3 on core 1. */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;
export const BUCKET = 'bench-uploads';

export interface BenchStack {
  databaseUrl: string;
  /** The database and S3 settings the API runs with, for other processes of the bench to share. */
  storeEnv: Record<string, string>;
  /** `endpoint` is the counting proxy; `storeEndpoint` the store behind it, for uncounted seeding and checks. */
  s3: PinnedProcess<{
    endpoint: string;
    storeEndpoint: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  }>;
  api: PinnedProcess<{ graphqlUrl: string }>;
  /** A token the API accepts for user `subject`. */
  token(subject: string): Promise<string>;
  /** The HS256 secret the API verifies tokens with (a peer verifying the same tokens needs it). */
  jwtSecret: string;
  s3Counts(): Promise<S3Counts>;
  /** SQL statements the API ran since the last `resetCounters`. */
  sql(): Promise<string[]>;
  resetCounters(): Promise<void>;
  /** Another server of the benchmark (an anchor, a baseline), on the server's core with the store's settings; stopped with the stack. */
  spawn<Info>(script: URL, env?: Record<string, string>): Promise<PinnedProcess<Info>>;
  /** Runs `step` when the stack stops, before the stack's own processes (in reverse order of registration). */
  onStop(step: () => unknown): void;
}

interface StackOptions {
  scratchDir: string;
  /** Overrides any API setting. */
  apiEnv?: Record<string, string>;
}

/** Runs `use` on a bench stack of its own and stops the stack (and all registered with it) afterwards. */
export async function withBenchStack<T>(options: StackOptions, use: (stack: BenchStack) => Promise<T>): Promise<T> {
  const stops: (() => unknown)[] = [];
  const stop = async () => {
    running.delete(stop);
    for (const step of stops.reverse())
      await Promise.resolve()
        .then(step)
        .catch(() => undefined);
  };
  stopOnSignals(stop);
  try {
    return await use(await startBenchStack(options, stops));
  } finally {
    await stop();
  }
}

/**
 * The real parts, each in a process of its own: a throw-away embedded PostgreSQL (migrated), the
 * local S3 store behind a counting proxy, and the API as in production (NODE_ENV=production,
 * logging at info) talking to both over loopback. Each part's stop goes to `stops`.
 */
async function startBenchStack(options: StackOptions, stops: (() => unknown)[]): Promise<BenchStack> {
  const started = <P extends PinnedProcess<unknown>>(process: P): P => {
    stops.push(() => process.stop());
    return process;
  };
  const databaseUrl = await startPostgres(stops);
  const s3 = started(await startS3(options.scratchDir));
  const storeEnv = {
    DATABASE_URL: databaseUrl,
    S3_ENDPOINT: s3.info.endpoint,
    S3_BUCKET: BUCKET,
    S3_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: s3.info.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.info.credentials.secretAccessKey,
  };
  const jwtSecret = randomBytes(32).toString('hex');
  const api = started(await startApi({ ...storeEnv, JWT_SECRET: jwtSecret, ...options.apiEnv }));
  return {
    databaseUrl,
    storeEnv,
    s3,
    api,
    token: (subject) => signDevToken(jwtSecret, subject),
    jwtSecret,
    s3Counts: () => s3.call<S3Counts>('counts'),
    sql: () => api.call<string[]>('sql'),
    resetCounters: async () => {
      await Promise.all([s3.call('reset'), api.call('reset')]);
    },
    spawn: async (script, env) =>
      started(await spawnPinned({ script, core: SERVER_CORE, env: { ...storeEnv, ...env } })),
    onStop: (step) => stops.push(step),
  };
}

async function startPostgres(stops: (() => unknown)[]): Promise<string> {
  const dataDir = path.join(tmpdir(), `upload-tickets-bench-pg-${randomBytes(4).toString('hex')}`);
  const postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), throwAway: true });
  stops.push(() => postgres.stop());
  pinProcess(Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]), LOAD_CORE);
  await applyMigrations(postgres.url, { log: () => undefined });
  return postgres.url;
}

function startS3(scratchDir: string): Promise<BenchStack['s3']> {
  return spawnPinned({
    script: new URL('./s3-server.ts', import.meta.url),
    core: LOAD_CORE,
    env: { S3_DATA_DIR: path.join(scratchDir, 's3'), S3_BUCKET: BUCKET },
  });
}

function startApi(env: Record<string, string>): Promise<BenchStack['api']> {
  return spawnPinned({
    script: new URL('./api-server.ts', import.meta.url),
    core: SERVER_CORE,
    env: {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      SWEEP_INTERVAL_SECONDS: '0',
      MAX_PENDING_UPLOADS_PER_USER: '100000',
      ...OUT_OF_REACH_RATE_LIMITS,
      ...env,
    },
  });
}

/**
 * Stacks not yet stopped. PostgreSQL runs as a process of its own, not a child that dies with the
 * run: a run stopped with Ctrl-C or SIGTERM stops them first, so no database outlives it.
 */
const running = new Set<() => Promise<void>>();
let signalsHandled = false;

function stopOnSignals(stop: () => Promise<void>): void {
  running.add(stop);
  if (signalsHandled) return;
  signalsHandled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.allSettled([...running].map((each) => each())).finally(() => process.exit(130));
    });
  }
}
