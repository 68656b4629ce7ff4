// What a process does with the database schema when it starts. Development applies pending
// migrations, so `npm start` needs no extra step. Production only checks: migrations are a release
// step (`npm run db:migrate`, once, before the new version serves), so that replicas starting
// together do not race to change the schema under each other's traffic, and a migration that
// fails stops the release instead of a fleet of restarting servers. MIGRATE_ON_START=true opts a
// production deployment back into applying them.
import type { Logger } from '../shared/logger.ts';
import { applyMigrations, editedMessage, failedMessage, MigrationError, migrationStatus } from './migration-engine.ts';

export async function prepareSchema(databaseUrl: string, migrate: boolean, logger: Logger): Promise<void> {
  const log = (message: string) => logger.debug(message);
  if (migrate) {
    const { applied } = await applyMigrations(databaseUrl, { log });
    if (applied.length > 0) logger.info({ applied }, 'applied database migrations');
    return;
  }
  const status = await migrationStatus(databaseUrl, { log });
  // Failed first: fixing a failed migration's file also changes its checksum.
  if (status.failed.length > 0) throw new MigrationError(failedMessage(status.failed));
  if (status.edited.length > 0) throw new MigrationError(editedMessage(status.edited));
  if (status.pending.length > 0) {
    throw new MigrationError(
      `The database schema is not current: ${status.pending.length} migration(s) not applied ` +
        `(${status.pending.join(', ')}). Apply them as a release step with \`npm run db:migrate\` ` +
        '(same DATABASE_URL), or set MIGRATE_ON_START=true to apply them on start.',
    );
  }
  // A newer release migrated first (expand before contract): this one keeps working on that schema.
  if (status.unknown.length > 0) {
    logger.warn({ unknown: status.unknown }, 'the database has migrations this release does not know; starting');
  }
}
