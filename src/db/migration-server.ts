// Which PostgreSQL server the db:* scripts use: DATABASE_URL when set, otherwise the project's
// embedded cluster, started (and stopped again) exactly as the server starts it.
import { loadDatabaseConfig } from '../config/config.ts';
import { projectRoot } from './migration-files.ts';

export interface ServerInfo {
  url: string;
  /** For messages: "DATABASE_URL" or "embedded PostgreSQL on port N". */
  description: string;
}

/**
 * Runs `use` against DATABASE_URL, or against the embedded cluster the server uses (same
 * configuration: EMBEDDED_PG_PORT, EMBEDDED_PG_DATA_DIR). If that cluster is already running (a
 * dev server is up), it is used and left running.
 */
export async function withDatabaseServer<T>(
  use: (server: ServerInfo) => Promise<T>,
  log: (msg: string) => void = () => undefined,
): Promise<T> {
  const { database } = loadDatabaseConfig(process.env, projectRoot());
  if (database.kind === 'url') return use({ url: database.url, description: 'DATABASE_URL' });

  const description = `embedded PostgreSQL on port ${database.port}`;
  log(`using ${description} (data in ${database.dataDir})`);
  // Imported only here: commands given DATABASE_URL never load the embedded binaries.
  const { startEmbeddedPostgres } = await import('../dev/embedded-postgres.ts');
  const cluster = await startEmbeddedPostgres({ dataDir: database.dataDir, port: database.port });
  try {
    return await use({ url: cluster.url, description });
  } finally {
    await cluster.stop();
  }
}

/**
 * Log function for the db:* scripts: progress to stderr (stdout stays for results such as SQL);
 * the engine's routine INFO/DEBUG lines only with --verbose or MIGRATION_VERBOSE=1.
 */
export function scriptLog(argv: readonly string[] = process.argv): (msg: string) => void {
  const verbose = argv.includes('--verbose') || process.env.MIGRATION_VERBOSE === '1';
  return (msg) => {
    if (verbose || !/^engine (INFO|DEBUG|TRACE)\b/.test(msg)) console.error(msg);
  };
}

/**
 * Ends a script with `code`, explicitly: the engine and the pg pools must not keep it alive, and
 * stdout to a pipe or file is written synchronously on Linux, so nothing printed is lost.
 */
export function exitScript(code: number): never {
  process.exit(code);
}
