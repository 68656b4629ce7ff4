// npm run db:check — CI drift check: do prisma/migrations and prisma/schema.prisma describe the
// same database? Exit 0: yes. Exit 1: no, and the SQL a new migration would contain is printed.
// Exit 2: the check itself could not run.
import { diffMigrationsToSchema } from '../src/db/migration-engine.ts';
import { exitScript, scriptLog, withDatabaseServer } from '../src/db/migration-server.ts';

const log = scriptLog();
try {
  const diff = await withDatabaseServer((server) => diffMigrationsToSchema(server.url, { log }), log);
  if (diff.empty) {
    console.log('OK: prisma/migrations match prisma/schema.prisma.');
    exitScript(0);
  }
  console.log('Drift: prisma/schema.prisma differs from prisma/migrations. Missing migration SQL:\n');
  console.log(diff.sql);
  console.log('Create it with: npm run db:migration -- NAME');
  exitScript(1);
} catch (error) {
  console.error(`db:check failed: ${error instanceof Error ? error.message : String(error)}`);
  exitScript(2);
}
