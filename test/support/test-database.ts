import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where global setup put the migrated template database (see global-setup.ts). */
export function testServerUrl(): string {
  const url = process.env['TEST_PG_SERVER_URL'];
  if (!url) throw new Error('TEST_PG_SERVER_URL is not set: run the tests through jest (global setup).');
  return url;
}

/** The migrated template of this run (unique, so concurrent runs on one server do not collide). */
export function templateDatabase(): string {
  const name = process.env['TEST_PG_TEMPLATE'];
  if (!name) throw new Error('TEST_PG_TEMPLATE is not set: run the tests through jest (global setup).');
  return name;
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(serverUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file: a copy of the template (milliseconds). */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = testServerUrl();
  const name = `upload_tickets_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase()}`));
  return {
    url: databaseUrl(serverUrl, name),
    drop: () =>
      withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
