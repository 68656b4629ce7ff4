import { templateDatabase, testServerUrl, withAdminClient } from './test-database.ts';

export default async function globalTeardown(): Promise<void> {
  if (globalThis.embeddedTestPostgres) {
    await globalThis.embeddedTestPostgres.stop();
    return;
  }
  await withAdminClient(testServerUrl(), (client) =>
    client.query(`DROP DATABASE IF EXISTS ${templateDatabase()} WITH (FORCE)`),
  );
}
