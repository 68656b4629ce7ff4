import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreatePostDocument, PostsDocument, ViewerDocument } from '../../src/generated/client/graphql.ts';
import { ConfirmTicketDocument, RequestTicketDocument } from '../generated/graphql.ts';
import { restartableStore } from '../support/restartable-store.ts';
import { pngBytes } from '../support/sample-files.ts';
import { startTcpFaultProxy, type TcpFaultProxy } from '../support/tcp-fault-proxy.ts';
import { createTestDatabase, testServerUrl } from '../support/test-database.ts';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage, type UploadRequest } from '../support/upload-client.ts';

// A dependency that stops answering without closing anything (a frozen host, a full disk, a
// network partition) must cost a request no more than its deadline: every answer is the retryable
// code within the deadline + 1 s, and once the fault clears the same tickets confirm.
const png = pngBytes(500);
const avatar: UploadRequest = { purpose: 'AVATAR', filename: 'a.png', contentType: 'image/png', byteSize: png.length };

/** Runs `operation`, with the time it took. */
async function timed<T>(operation: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await operation();
  return { result, ms: performance.now() - started };
}

describe('a stalled PostgreSQL', () => {
  const STATEMENT_MS = 1_000;
  // A frozen server cannot cancel its statement: the client stops waiting 1 s after it would have.
  const DEADLINE_MS = STATEMENT_MS + 1_000;
  let proxy: TcpFaultProxy;
  let api: TestApi;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const server = new URL(testServerUrl());
    proxy = await startTcpFaultProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const viaProxy = new URL(database.url);
    viaProxy.host = `${proxy.host}:${proxy.port}`;
    api = await startTestApi({
      DATABASE_URL: viaProxy.toString(),
      DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS),
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_TRANSACTION_TIMEOUT_MS: '2000',
    });
  });
  afterAll(async () => {
    await proxy.heal();
    await api.stop();
    await proxy.close();
    await database.drop();
  });

  it('answers DATABASE_UNAVAILABLE within the deadline + 1 s to every operation; the same ticket confirms after', async () => {
    const token = await api.token('stalled-db');
    const ticket = await issueTicket(api, token, avatar);
    await postToStorage(ticket, png);

    proxy.stall();
    const answers = await Promise.all(
      [
        () => api.graphql(ConfirmTicketDocument, { ticketId: ticket.id }, token),
        () => api.graphql(RequestTicketDocument, { input: avatar }, token),
        () => api.graphql(CreatePostDocument, { title: 'during the outage' }, token),
        () => api.graphql(ViewerDocument, {}, token),
        () => api.graphql(PostsDocument),
      ].map((operation) => timed<GraphQLResponse<unknown>>(operation)),
    );
    for (const { result, ms } of answers) {
      expect(result.errors?.[0]?.extensions?.code).toBe('DATABASE_UNAVAILABLE');
      expect(ms).toBeLessThan(DEADLINE_MS + 1_000);
    }
    expect(await timed(() => fetch(api.graphqlUrl.replace(/graphql$/, 'health')))).toMatchObject({
      result: { status: 503 },
    });

    await proxy.heal();
    expect(await confirm(api, token, ticket.id)).toHaveProperty('file.key', expect.stringMatching(/^files\//));
  }, 30_000);
});

describe('a stalled store', () => {
  const STORE_MS = 2_000;
  let store: Awaited<ReturnType<typeof restartableStore>>;
  let proxy: TcpFaultProxy;
  let api: TestApi;

  beforeAll(async () => {
    process.env['AWS_ACCESS_KEY_ID'] = 'S3RVER';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'S3RVER';
    store = await restartableStore();
    proxy = await startTcpFaultProxy({ host: '127.0.0.1', port: Number(new URL(store.endpoint).port) });
    api = await startTestApi({
      S3_ENDPOINT: `http://${proxy.host}:${proxy.port}`,
      S3_BUCKET: 'uploads',
      S3_TIMEOUT_MS: String(STORE_MS),
    });
  });
  afterAll(async () => {
    await proxy.heal();
    await api.stop();
    await proxy.close();
    await store.remove();
  });

  it('answers STORAGE_UNAVAILABLE within the deadline + 1 s; the same ticket confirms after', async () => {
    const token = await api.token('stalled-store');
    const ticket = await issueTicket(api, token, avatar);
    expect((await postToStorage(ticket, png)).status).toBe(204);

    proxy.stall();
    const { result, ms } = await timed(() => api.graphql(ConfirmTicketDocument, { ticketId: ticket.id }, token));
    expect(result.errors?.[0]?.extensions?.code).toBe('STORAGE_UNAVAILABLE');
    expect(ms).toBeLessThan(STORE_MS + 1_000);

    await proxy.heal();
    expect(await confirm(api, token, ticket.id)).toHaveProperty('file.key', expect.stringMatching(/^files\//));
  }, 30_000);
});
