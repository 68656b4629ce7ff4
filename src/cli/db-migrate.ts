// npm run db:migrate — apply pending migrations (like `prisma migrate deploy`) to DATABASE_URL,
// or to the project's embedded PostgreSQL when DATABASE_URL is unset.
import { applyMigrations } from '../db/migration-engine.ts';
import { exitScript, scriptLog, withDatabaseServer } from '../db/migration-server.ts';

const log = scriptLog();
const started = performance.now();
try {
  const { applied, description } = await withDatabaseServer(
    async (server) => ({ ...(await applyMigrations(server.url, { log })), description: server.description }),
    log,
  );
  const took = `${Math.round(performance.now() - started)} ms`;
  if (applied.length === 0) console.log(`Database (${description}) is up to date; nothing applied (${took}).`);
  else console.log(`Applied ${applied.length} migration(s) to ${description} (${took}):\n  ${applied.join('\n  ')}`);
  exitScript(0);
} catch (error) {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  exitScript(1);
}
