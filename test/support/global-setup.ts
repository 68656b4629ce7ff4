import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyMigrations } from '../../src/db/migration-engine.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/dev/embedded-postgres.ts';
import { freePort } from './ports.ts';
import { databaseUrl, withAdminClient } from './test-database.ts';

declare global {
  var embeddedTestPostgres: RunningPostgres | undefined;
}

/**
 * One PostgreSQL server for the whole run: DATABASE_URL's server when set (CI may use its
 * service), else a throw-away embedded cluster. Migrations are applied once, to a template that
 * every test file copies into a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  // The SDK's notice about future Node versions is for operators, not worth repeating per worker.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  let serverUrl = process.env['DATABASE_URL'];
  if (!serverUrl) {
    // Directly in the temporary directory: as root, PostgreSQL runs as `postgres`, which cannot
    // enter a mkdtemp directory (mode 700). The cluster deletes its directory when it stops.
    const dataDir = path.join(tmpdir(), `upload-tickets-test-${randomBytes(6).toString('hex')}`);
    globalThis.embeddedTestPostgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), throwAway: true });
    serverUrl = globalThis.embeddedTestPostgres.url;
  }
  const template = `upload_tickets_template_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${template}`));
  await applyMigrations(databaseUrl(serverUrl, template));
  // Workers start after global setup and inherit these.
  process.env['TEST_PG_SERVER_URL'] = serverUrl;
  process.env['TEST_PG_TEMPLATE'] = template;
}
