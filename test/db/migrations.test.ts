// applyMigrations against a database nobody else uses: one created for this file on DATABASE_URL's
// server, or a throw-away embedded cluster. Independent of the global test setup on purpose: it
// checks the very step that setup relies on.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { copyFile, cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  applyMigrations,
  defaultMigrationsDir,
  diffMigrationsToSchema,
  MigrationError,
  migrationStatus,
} from '../../src/db/migration-engine.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/dev/embedded-postgres.ts';
import { freePort } from '../support/ports.ts';
import { databaseUrl, withAdminClient } from '../support/test-database.ts';

let serverUrl: string;
let embedded: RunningPostgres | undefined;
const created: string[] = [];

const urlFor = (database: string) => databaseUrl(serverUrl, database);
const admin = <T>(use: (client: pg.Client) => Promise<T>, url = serverUrl) => withAdminClient(url, use);

async function freshDatabase(): Promise<string> {
  const name = `migrations_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  created.push(name);
  return urlFor(name);
}

beforeAll(async () => {
  if (process.env['DATABASE_URL']) {
    serverUrl = process.env['DATABASE_URL'];
    return;
  }
  // Directly in the temporary directory: as root, PostgreSQL runs as `postgres`, which cannot
  // enter a mkdtemp directory (mode 700). A throw-away cluster deletes its directory on stop.
  const dataDir = path.join(tmpdir(), `migrations-test-${randomBytes(6).toString('hex')}`);
  embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), throwAway: true });
  serverUrl = embedded.url;
});

afterAll(async () => {
  if (embedded) {
    await embedded.stop();
    return;
  }
  if (serverUrl) {
    await admin(async (client) => {
      for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  }
});

describe('applyMigrations', () => {
  it('applies every migration to an empty database, then has nothing left to do', async () => {
    const expected = (await readdir(defaultMigrationsDir(), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const url = await freshDatabase();

    expect(await applyMigrations(url)).toEqual({ applied: expected });

    const { tables, migrations } = await admin(async (client) => {
      const tableRows = await client.query<{ name: string }>(
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
      );
      const migrationRows = await client.query<{ name: string; steps: number; finished: boolean; rolledBack: boolean }>(
        `SELECT migration_name AS name, applied_steps_count AS steps, finished_at IS NOT NULL AS finished,
                rolled_back_at IS NOT NULL AS "rolledBack"
           FROM _prisma_migrations ORDER BY migration_name`,
      );
      return { tables: tableRows.rows.map((row) => row.name), migrations: migrationRows.rows };
    }, url);
    expect(tables).toEqual(
      expect.arrayContaining(['User', 'Post', 'UploadTicket', 'File', 'PostAttachment', '_prisma_migrations']),
    );
    expect(migrations).toEqual(expected.map((name) => ({ name, steps: 1, finished: true, rolledBack: false })));

    expect(await applyMigrations(url)).toEqual({ applied: [] });
  });

  it('keeps the rows of an older schema working: legacy files stay swept-safe, old rejection reasons map', async () => {
    // The database as it was before promotion and the rejection-reason enum, with data in it.
    const all = (await readdir(defaultMigrationsDir(), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    const before = all.filter((name) => name < '20261201115851');
    const oldDir = await mkdtemp(path.join(tmpdir(), 'migrations-before-'));
    try {
      for (const name of before)
        await cp(path.join(defaultMigrationsDir(), name), path.join(oldDir, name), { recursive: true });
      await cp(path.join(defaultMigrationsDir(), 'migration_lock.toml'), path.join(oldDir, 'migration_lock.toml'));
      const url = await freshDatabase();
      await applyMigrations(url, { migrationsDir: oldDir });
      await admin(async (client) => {
        await client.query(`
          INSERT INTO "User" (id, subject, name) VALUES ('00000000-0000-4000-8000-000000000001', 'u', 'U');
          INSERT INTO "UploadTicket" (id, "ownerId", purpose, key, filename, "contentType", "byteSize", status,
                                      "rejectionReason", "expiresAt")
          VALUES ('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-000000000001', 'AVATAR',
                  'avatar/u/a.png', 'a.png', 'image/png', 10, 'CONFIRMED', NULL, now() - interval '9 days'),
                 ('00000000-0000-4000-8000-00000000000b', '00000000-0000-4000-8000-000000000001', 'POST_ATTACHMENT',
                  'post_attachment/u/b.png', 'b.png', 'image/png', 10, 'REJECTED', 'QUOTA_EXCEEDED', now() - interval '9 days');
          INSERT INTO "File" (id, "ticketId", "ownerId", key, filename, "contentType", "byteSize")
          VALUES ('00000000-0000-4000-8000-0000000000f1', '00000000-0000-4000-8000-00000000000a',
                  '00000000-0000-4000-8000-000000000001', 'avatar/u/a.png', 'a.png', 'image/png', 10);`);
      }, url);

      expect((await applyMigrations(url)).applied).toEqual(all.filter((name) => !before.includes(name)));
      const rows = await admin(
        async (client) =>
          (
            await client.query<{ key: string; reason: string | null; swept: boolean }>(
              `SELECT key, "rejectionReason"::text AS reason, "stagingSweptAt" IS NOT NULL AS swept
                 FROM "UploadTicket" ORDER BY key`,
            )
          ).rows,
        url,
      );
      expect(rows).toEqual([
        // A file confirmed before promotion: its key is its ticket's, never to be swept.
        { key: 'avatar/u/a.png', reason: null, swept: true },
        // Rejected for a full post under the old single code.
        { key: 'post_attachment/u/b.png', reason: 'ATTACHMENT_LIMIT_REACHED', swept: false },
      ]);
    } finally {
      await rm(oldDir, { recursive: true, force: true });
    }
  });

  it('lets only one of several concurrent callers apply (advisory lock)', async () => {
    const url = await freshDatabase();
    // Each caller reads the history before applying: it must not take an applier's migration in
    // progress (started, not finished) for one that failed.
    const results = await Promise.all(Array.from({ length: 6 }, () => applyMigrations(url)));
    const appliers = results.filter((result) => result.applied.length > 0);
    expect(appliers).toHaveLength(1);
    const count = await admin(
      (client) => client.query<{ n: number }>('SELECT count(*)::int AS n FROM _prisma_migrations'),
      url,
    );
    expect(count.rows[0]?.n).toBe(appliers[0]?.applied.length);
  });
});

/** A migrations directory of the test's own: `migrations` maps directory names to their SQL. */
async function migrationsDir(migrations: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'migrations-dir-'));
  scratchDirs.push(dir);
  await copyFile(path.join(defaultMigrationsDir(), 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'));
  for (const [name, sql] of Object.entries(migrations)) await writeMigrationFile(dir, name, sql);
  return dir;
}
const scratchDirs: string[] = [];
afterAll(async () => {
  for (const dir of scratchDirs) await rm(dir, { recursive: true, force: true });
});

async function writeMigrationFile(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}

const tablesOf = (url: string) =>
  admin(async (client) => {
    const rows = await client.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`,
    );
    return rows.rows.map((row) => row.name);
  }, url);

describe('a migration that fails', () => {
  it('is rolled back whole, recorded as failed, named in the error; later calls refuse to go on', async () => {
    const url = await freshDatabase();
    const dir = await migrationsDir({
      '20260101000000_first': 'CREATE TABLE first (id int);',
      // Its first statement succeeds, its second fails: none of it may remain.
      '20260102000000_broken': 'CREATE TABLE half (id int);\nINSERT INTO missing_table VALUES (1);',
    });

    const failure = await applyMigrations(url, { migrationsDir: dir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toMatch(
      /^Migration 20260102000000_broken failed and was rolled back \(nothing of it remains; it is recorded as failed\): .*missing_table/,
    );
    expect(await tablesOf(url)).toEqual(['first']);
    expect(await migrationStatus(url, { migrationsDir: dir })).toMatchObject({ failed: ['20260102000000_broken'] });

    // Fixing the file is not enough: the failure is on record until someone resolves it.
    await writeMigrationFile(dir, '20260102000000_broken', 'CREATE TABLE half (id int);');
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(
      /^Migration\(s\) 20260102000000_broken failed earlier and are recorded as failed/,
    );
    expect(await tablesOf(url)).toEqual(['first']);
  });
});

describe('an applied migration that was edited', () => {
  it('is refused by its checksum, and nothing after it is applied', async () => {
    const url = await freshDatabase();
    const dir = await migrationsDir({ '20260101000000_first': 'CREATE TABLE first (id int);' });
    expect(await applyMigrations(url, { migrationsDir: dir })).toEqual({ applied: ['20260101000000_first'] });

    await writeMigrationFile(dir, '20260101000000_first', 'CREATE TABLE first (id bigint);');
    await writeMigrationFile(dir, '20260102000000_second', 'CREATE TABLE second (id int);');
    expect(await migrationStatus(url, { migrationsDir: dir })).toEqual({
      pending: ['20260102000000_second'],
      edited: ['20260101000000_first'],
      failed: [],
      unknown: [],
    });
    await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toThrow(
      /^Applied migration\(s\) 20260101000000_first were edited: migration.sql no longer has the checksum recorded/,
    );
    expect(await tablesOf(url)).toEqual(['first']);
  });
});

describe('migrationStatus', () => {
  it('lists every migration as pending on an empty database, none once applied, and changes nothing', async () => {
    const url = await freshDatabase();
    const dir = await migrationsDir({
      '20260101000000_first': 'CREATE TABLE first (id int);',
      '20260102000000_second': 'CREATE TABLE second (id int);',
    });
    const pending = await migrationStatus(url, { migrationsDir: dir });
    expect(pending).toEqual({
      pending: ['20260101000000_first', '20260102000000_second'],
      edited: [],
      failed: [],
      unknown: [],
    });
    expect(await tablesOf(url)).toEqual([]);
    await applyMigrations(url, { migrationsDir: dir });
    expect(await migrationStatus(url, { migrationsDir: dir })).toEqual({
      pending: [],
      edited: [],
      failed: [],
      unknown: [],
    });
    // A migration applied by a newer release (not in this directory) is "unknown", not an error.
    await rm(path.join(dir, '20260102000000_second'), { recursive: true });
    expect(await migrationStatus(url, { migrationsDir: dir })).toMatchObject({
      pending: [],
      unknown: ['20260102000000_second'],
    });
  });
});

describe('diffMigrationsToSchema', () => {
  it('finds no drift between prisma/migrations and prisma/schema.prisma', async () => {
    const diff = await diffMigrationsToSchema(serverUrl);
    expect(diff).toEqual({ sql: expect.any(String), empty: true });
  });
});
