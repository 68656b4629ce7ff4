import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { applyMigrations } from '../../src/db/migration-engine.ts';
import { startEmbeddedPostgres } from '../../src/dev/embedded-postgres.ts';
import { ConfirmTicketDocument, RequestTicketDocument } from '../generated/graphql.ts';
import { databaseState, ticketStatus } from '../support/db-state.ts';
import { graphqlClient, isType } from '../support/graphql-client.ts';
import { startMain } from '../support/main-process.ts';
import { freePort } from '../support/ports.ts';
import { restartableStore } from '../support/restartable-store.ts';
import { pngBytes } from '../support/sample-files.ts';
import { startStallingProxy } from '../support/stalling-proxy.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { startTestApi, TEST_JWT_SECRET, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage, type Ticket, type UploadRequest } from '../support/upload-client.ts';
import { signDevToken } from '../../src/auth/dev-token.ts';
import { createS3Client } from '../../src/storage/s3-client.ts';
import { createS3ObjectStorage } from '../../src/storage/s3-object-storage.ts';

const png = pngBytes(800);
const avatar: UploadRequest = { purpose: 'AVATAR', filename: 'a.png', contentType: 'image/png', byteSize: png.length };

// The API reaches S3 through the AWS SDK's default credential chain, as in production.
process.env['AWS_ACCESS_KEY_ID'] = 'S3RVER';
process.env['AWS_SECRET_ACCESS_KEY'] = 'S3RVER';

describe('storage unavailable', () => {
  let api: TestApi;
  let store: Awaited<ReturnType<typeof restartableStore>>;
  beforeAll(async () => {
    store = await restartableStore();
    api = await startTestApi({ S3_ENDPOINT: store.endpoint, S3_BUCKET: 'uploads' });
  });
  afterAll(async () => {
    await api.stop();
    await store.remove();
  });

  it('confirmUpload answers STORAGE_UNAVAILABLE, keeps the ticket PENDING, and succeeds once the store is back', async () => {
    const token = await api.token('alice');
    const ticket = await issueTicket(api, token, avatar);
    await postToStorage(ticket, png);
    await store.stop();

    const before = await databaseState(api);
    const response = await api.graphql(ConfirmTicketDocument, { ticketId: ticket.id }, token);
    expect(response.errors?.[0]?.extensions?.code).toBe('STORAGE_UNAVAILABLE');
    expect(response.errors?.[0]?.message).toMatch(/retry/);
    expect(await ticketStatus(api, ticket.id)).toBe('PENDING');
    expect(await databaseState(api)).toEqual(before);
    // Issuing tickets needs no round trip to the store (signing is local): it keeps working.
    expect((await api.graphql(RequestTicketDocument, { input: avatar }, token)).data?.requestUpload.__typename).toBe(
      'UploadTicket',
    );

    await store.start();
    expect(await confirm(api, token, ticket.id)).toHaveProperty('file.key', expect.stringMatching(/^files\//));
    expect(await api.db.file.count({ where: { ticketId: ticket.id } })).toBe(1);
  });

  it('/health says the storage is unavailable while it is', async () => {
    await store.stop();
    const health = await fetch(api.graphqlUrl.replace(/graphql$/, 'health'));
    expect(health.status).toBe(503);
    await store.start();
    expect((await fetch(api.graphqlUrl.replace(/graphql$/, 'health'))).status).toBe(200);
  });
});

describe('database unavailable', () => {
  it('answers DATABASE_UNAVAILABLE with nothing half-done, and recovers when the database is back', async () => {
    const port = await freePort();
    const dataDir = path.join(tmpdir(), `upload-tickets-dbdown-${randomBytes(4).toString('hex')}`);
    let cluster = await startEmbeddedPostgres({ dataDir, port });
    await applyMigrations(cluster.url);
    const api = await startTestApi({ DATABASE_URL: cluster.url });
    try {
      const token = await api.token('alice');
      const ticket = await issueTicket(api, token, avatar);
      await postToStorage(ticket, png);
      await cluster.stop();

      for (const response of [
        await api.graphql(ConfirmTicketDocument, { ticketId: ticket.id }, token),
        await api.graphql(RequestTicketDocument, { input: avatar }, token),
      ]) {
        expect(response.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
      }
      expect((await fetch(api.graphqlUrl.replace(/graphql$/, 'health'))).status).toBe(503);

      cluster = await startEmbeddedPostgres({ dataDir, port });
      expect(await ticketStatus(api, ticket.id)).toBe('PENDING');
      expect(await confirm(api, token, ticket.id)).toHaveProperty('file.key', expect.stringMatching(/^files\//));
    } finally {
      await api.stop();
      await cluster.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

/**
 * The API as its own process (so it can be killed or stopped), behind a proxy that can hold the
 * ranged read of a confirm, with a database and a store of its own.
 */
async function apiBehindStallingProxy(subject: string) {
  const database = await createTestDatabase();
  const store = await restartableStore();
  const proxy = await startStallingProxy(store.endpoint);
  const port = await freePort();
  const env = {
    NODE_ENV: 'test',
    PORT: String(port),
    DATABASE_URL: database.url,
    S3_ENDPOINT: proxy.endpoint,
    S3_BUCKET: 'uploads',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'silent',
  };
  const token = await signDevToken(TEST_JWT_SECRET, subject);
  const client = graphqlClient(`http://127.0.0.1:${port}/graphql`);
  const setup = {
    proxy,
    databaseUrl: database.url,
    main: await startMain(env),
    restart: async () => {
      setup.main = await startMain(env);
    },
    /** A confirm of `ticketId` by the subject. */
    confirm: (ticketId: string) => client.graphql(ConfirmTicketDocument, { ticketId }, token),
    /** Whether the store (past the proxy) holds the key. */
    stored: async (key: string) => {
      const s3 = createS3Client({ region: 'us-east-1', endpoint: store.endpoint, forcePathStyle: true });
      const storage = createS3ObjectStorage(s3, 'uploads');
      try {
        return (await storage.head(key)) !== null;
      } finally {
        storage.close();
        s3.destroy();
      }
    },
    /** An avatar ticket with its bytes already in the store. */
    uploadedTicket: async (): Promise<Ticket> => {
      const ticket = await issueTicket(client, token, avatar);
      await postToStorage(ticket, png);
      return ticket;
    },
    async close() {
      await setup.main.terminate();
      await proxy.close();
      await store.remove();
      await database.drop();
    },
  };
  return setup;
}

describe('a crash between HeadObject and the commit', () => {
  it('leaves the ticket PENDING; the next confirm completes with exactly one File', async () => {
    const setup = await apiBehindStallingProxy('crash-victim');
    try {
      const ticket = await setup.uploadedTicket();
      const stalled = setup.proxy.stallRangedGets();
      const inFlight = setup.confirm(ticket.id).catch((error: unknown) => error);
      await stalled; // HeadObject answered; the ranged read is held: kill the server right here
      expect(await setup.main.kill()).toBe('SIGKILL');
      expect(String(await inFlight)).toMatch(/fetch failed/); // the client saw the connection drop
      expect(await countFiles(setup.databaseUrl, ticket.id)).toEqual({ count: 0 });
      setup.proxy.release();

      await setup.restart();
      const results = await Promise.all([setup.confirm(ticket.id), setup.confirm(ticket.id)]);
      const fileIds = results.map((result) => {
        const answer = result.data?.confirmUpload;
        return answer && isType(answer, 'ConfirmedUpload') ? answer.file.id : undefined;
      });
      expect(fileIds[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(fileIds[1]).toBe(fileIds[0]);
      expect(await countFiles(setup.databaseUrl, ticket.id)).toEqual({ count: 1 });
    } finally {
      await setup.close();
    }
  }, 60_000);
});

describe('graceful shutdown', () => {
  it('lets an in-flight confirm finish on SIGTERM, then exits 0', async () => {
    const setup = await apiBehindStallingProxy('patient');
    try {
      const ticket = await setup.uploadedTicket();
      const stalled = setup.proxy.stallRangedGets();
      const inFlight = setup.confirm(ticket.id);
      await stalled;
      const exited = setup.main.terminate();
      await new Promise((resolve) => setTimeout(resolve, 300)); // shutdown has begun, the request waits
      setup.proxy.forwardHeld();
      expect((await inFlight).data?.confirmUpload.__typename).toBe('ConfirmedUpload');
      expect(await exited).toBe(0);
      // Its staged upload's delete, queued to share a request with others, was sent before the exit.
      expect(await setup.stored(ticket.key)).toBe(false);
    } finally {
      await setup.close();
    }
  }, 60_000);
});

describe('many confirms at once', () => {
  it('50 concurrent confirms of one ticket produce exactly one File', async () => {
    const api = await startTestApi();
    try {
      const token = await api.token('alice');
      const ticket = await issueTicket(api, token, avatar);
      await postToStorage(ticket, png);
      const results = await Promise.all(Array.from({ length: 50 }, () => confirm(api, token, ticket.id)));
      expect(new Set(results.map((result) => ('file' in result ? result.file.id : result.reason))).size).toBe(1);
      expect(await api.db.file.count({ where: { ticketId: ticket.id } })).toBe(1);
    } finally {
      await api.stop();
    }
  });
});

async function countFiles(url: string, ticketId: string): Promise<{ count: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ count: number }>(
      'SELECT COUNT(*)::int AS count FROM "File" WHERE "ticketId" = $1',
      [ticketId],
    );
    return { count: result.rows[0]?.count ?? 0 };
  } finally {
    await client.end();
  }
}
