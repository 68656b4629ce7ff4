// npm run db:migration -- NAME — write prisma/migrations/<UTC timestamp>_<NAME>/migration.sql with
// the SQL that takes the existing migrations to prisma/schema.prisma (like
// `prisma migrate dev --create-only`, but touching no database other than a scratch one).
import path from 'node:path';
import {
  diffMigrationsToSchema,
  defaultMigrationsDir,
  projectRoot,
  writeMigration,
} from '../src/db/migration-engine.ts';
import { MIGRATION_NAME } from '../src/db/migration-files.ts';
import { exitScript, scriptLog, withDatabaseServer } from '../src/db/migration-server.ts';

const log = scriptLog();
const name = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
if (!name || !MIGRATION_NAME.test(name)) {
  console.error('Usage: npm run db:migration -- NAME   (NAME: lowercase letters, digits and _, e.g. add_post_summary)');
  exitScript(2);
}

try {
  const diff = await withDatabaseServer((server) => diffMigrationsToSchema(server.url, { log }), log);
  if (diff.empty) {
    console.log('No changes: prisma/schema.prisma matches the migrations. Nothing created.');
  } else {
    const dir = await writeMigration(defaultMigrationsDir(), name, diff.sql);
    console.log(
      `Created ${path.relative(projectRoot(), path.join(dir, 'migration.sql'))}; review it, then npm run db:migrate.`,
    );
  }
  exitScript(0);
} catch (error) {
  console.error(`db:migration failed: ${error instanceof Error ? error.message : String(error)}`);
  exitScript(1);
}
