// `prisma migrate deploy` and `prisma migrate diff --from-migrations … --to-schema … --script`
// without Prisma's native schema engine (which the CLI cannot download here): the same engine,
// compiled to WebAssembly, driving PostgreSQL through @prisma/adapter-pg. It reads and writes
// Prisma's standard migrations directory and `_prisma_migrations` table, so the real CLI agrees.
// See docs/migrations.md.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import {
  defaultMigrationsDir,
  defaultSchemaPath,
  LOCKFILE_CONTENT,
  projectRoot,
  readMigrationList,
} from './migration-files.ts';
import { withMigrationLock } from './migration-lock.ts';
import { engineConnections, withScratchDatabase } from './migration-pg.ts';
import { engineCall, loadSchemaEngine, takePanicMessage, type SchemaEngine } from './migration-wasm.ts';

export { defaultMigrationsDir, defaultSchemaPath, projectRoot, writeMigration } from './migration-files.ts';

export interface MigrationOptions {
  /** Default: `prisma/migrations` of the project root. */
  migrationsDir?: string;
  /** Progress messages (one line each) and the engine's own log lines. */
  log?: (msg: string) => void;
}

export interface DiffOptions extends MigrationOptions {
  /** Default: `prisma/schema.prisma` of the project root. */
  schemaPath?: string;
}

// Nothing is managed outside Prisma in this project (prisma.config.ts has no `tables.external`).
const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

/** Where a database's migration history stands relative to the migrations directory. */
export interface MigrationStatus {
  /** In the directory, not applied to the database yet. */
  pending: string[];
  /** Applied, but their migration.sql changed since: the recorded checksum no longer matches. */
  edited: string[];
  /** Recorded as failed in `_prisma_migrations`: nothing more is applied until they are resolved. */
  failed: string[];
  /** Applied to the database but not in the directory (a newer release applied them). */
  unknown: string[];
}

/** A migration problem, worded for the operator who has to fix it. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Compares the database's `_prisma_migrations` with the migrations directory, checksums
 * included, changing nothing (the engine's `diagnoseMigrationHistory`, what `prisma migrate
 * status` and `migrate dev` use).
 */
export async function migrationStatus(databaseUrl: string, options: MigrationOptions = {}): Promise<MigrationStatus> {
  const log = options.log ?? (() => undefined);
  const migrationsList = await readMigrationList(options.migrationsDir ?? defaultMigrationsDir());
  const diagnosis = await withEngine(databaseUrl, undefined, log, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER }),
  );
  const history = diagnosis.history;
  return {
    pending: history && history.diagnostic !== 'migrationsDirectoryIsBehind' ? history.unappliedMigrationNames : [],
    edited: diagnosis.editedMigrationNames,
    failed: diagnosis.failedMigrationNames,
    unknown: history && history.diagnostic !== 'databaseIsBehind' ? history.unpersistedMigrationNames : [],
  };
}

/**
 * Applies the migrations not yet recorded in `_prisma_migrations`, in order, like
 * `prisma migrate deploy`, under an advisory lock of its own (migration-lock.ts) taken before the
 * history is read, so concurrent callers (several servers or test workers starting at once) run
 * one after the other and the later ones find nothing left to apply. Refuses, applying nothing, when an applied migration was
 * edited (its checksum differs; `migrate deploy` would not notice, `migrate dev` refuses) or one
 * failed earlier. A migration that fails is rolled back (it runs as one transaction), recorded as
 * failed, and reported as a MigrationError naming it.
 */
export async function applyMigrations(
  databaseUrl: string,
  options: MigrationOptions = {},
): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => undefined);
  const migrationsList = await readMigrationList(options.migrationsDir ?? defaultMigrationsDir());
  log(
    `${migrationsList.migrationDirectories.length} migration(s) in ${path.relative(projectRoot(), migrationsList.baseDir) || '.'}`,
  );
  const { appliedMigrationNames } = await withMigrationLock(databaseUrl, async () => {
    const status = await migrationStatus(databaseUrl, options);
    // Failed first: fixing a failed migration's file also changes its checksum.
    if (status.failed.length > 0) throw new MigrationError(failedMessage(status.failed));
    if (status.edited.length > 0) throw new MigrationError(editedMessage(status.edited));
    return withEngine(databaseUrl, undefined, log, (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
    ).catch((error: unknown) => {
      throw failedMigration(error);
    });
  });
  for (const name of appliedMigrationNames) log(`applied ${name}`);
  return { applied: appliedMigrationNames };
}

export function editedMessage(names: string[]): string {
  return (
    `Applied migration(s) ${names.join(', ')} were edited: migration.sql no longer has the checksum recorded ` +
    'in _prisma_migrations when it was applied. Restore the applied version and put the change in a new migration.'
  );
}

export function failedMessage(names: string[]): string {
  return (
    `Migration(s) ${names.join(', ')} failed earlier and are recorded as failed in _prisma_migrations; no ` +
    'migration is applied until they are resolved (fix the cause, then mark them rolled back: docs/migrations.md).'
  );
}

/**
 * The engine reports a failing script as "external connector error", the database's message and
 * a Rust span trace naming the migration: keep the migration's name and the database's words.
 */
function failedMigration(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const name = /migration_name="([^"]+)"/.exec(error.message)?.[1];
  if (!name) return error;
  const reason = error.message
    .split('\n')
    .filter((line) => !/^\s+(\d+:|with |at )/.test(line) && line.trim() !== 'external connector error')
    .join(' ')
    .trim();
  return new MigrationError(
    `Migration ${name} failed and was rolled back (nothing of it remains; it is recorded as failed): ${reason}`,
    { cause: error },
  );
}

/**
 * The SQL that takes a database at the state of the migrations to the state of the Prisma
 * schema (`prisma migrate diff --from-migrations <dir> --to-schema <schema> --script`).
 * Replaying the migrations needs a database: a scratch one is created on the server of
 * `serverUrl` and dropped afterwards; the database `serverUrl` names is only used to connect.
 */
export async function diffMigrationsToSchema(
  serverUrl: string,
  options: DiffOptions = {},
): Promise<{ sql: string; empty: boolean }> {
  const log = options.log ?? (() => undefined);
  const schemaPath = path.resolve(options.schemaPath ?? defaultSchemaPath());
  const [migrationsList, schema] = await Promise.all([
    readMigrationList(options.migrationsDir ?? defaultMigrationsDir()),
    readFile(schemaPath, 'utf8'),
  ]);
  // The engine takes the SQL dialect of migrations from migration_lock.toml, which only exists
  // once a first migration was written: before that, say what it will say (PostgreSQL only here).
  migrationsList.lockfile.content ??= LOCKFILE_CONTENT;
  const result = await withScratchDatabase(serverUrl, (scratchUrl) =>
    // The engine replays the migrations on its "shadow database": that is the scratch database.
    withEngine(serverUrl, scratchUrl, log, (engine) =>
      engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
        script: true,
        exitCode: true, // exitCode 2 ⇔ the diff is not empty
        filters: NO_FILTER,
      }),
    ),
  );
  if (result.exitCode !== 0 && result.exitCode !== 2)
    throw new Error(`Schema engine diff exited with ${result.exitCode}`);
  const sql = result.stdout ?? '';
  return { sql, empty: result.exitCode === 0 };
}

/** Runs `use` with a fresh engine, then frees it and closes every connection it opened. */
async function withEngine<T>(
  databaseUrl: string,
  shadowUrl: string | undefined,
  log: (msg: string) => void,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const SchemaEngineClass = await loadSchemaEngine();
  return engineCall(async () => {
    const connections = engineConnections(databaseUrl, shadowUrl);
    let engine: SchemaEngine | undefined;
    try {
      const factory = bindMigrationAwareSqlAdapterFactory(connections.factory);
      engine = await SchemaEngineClass.new({ datamodels: undefined }, (line: string) => logEngine(line, log), factory);
      return await use(engine);
    } catch (error) {
      throw engineError(error);
    } finally {
      engine?.free();
      await connections.close();
    }
  });
}

/** The engine logs JSON lines ({ level, fields: { message } }); pass on the message only. */
function logEngine(line: string, log: (msg: string) => void): void {
  try {
    const parsed = JSON.parse(line) as { level?: string; fields?: { message?: string } };
    log(`engine ${parsed.level ?? ''}: ${parsed.fields?.message ?? line}`);
  } catch {
    log(`engine: ${line}`);
  }
}

/** Engine errors come as JS errors or as `{ message, error_code, meta }`-like objects. */
function engineError(error: unknown): Error {
  const panic = takePanicMessage();
  if (error instanceof Error) {
    if (panic) error.message += `\n${panic}`;
    return error;
  }
  const message = (error as { message?: unknown } | null)?.message;
  return new Error([typeof message === 'string' ? message : JSON.stringify(error), panic].filter(Boolean).join('\n'), {
    cause: error,
  });
}
