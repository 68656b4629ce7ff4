import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { print } from 'graphql';
import { ViewerDocument } from '../../src/generated/client/graphql.ts';
import { ConfirmTicketDocument } from '../generated/graphql.ts';
import { restartableStore } from '../support/restartable-store.ts';
import { HTML_PAGE, pngBytes } from '../support/sample-files.ts';
import { startTcpFaultProxy } from '../support/tcp-fault-proxy.ts';
import { createTestDatabase, testServerUrl } from '../support/test-database.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage } from '../support/upload-client.ts';

// What an operator sees: probes that mean one thing each, Prometheus series that move with the
// traffic, and one log line per operation with the request id the client sent.
let api: TestApi;
const logLines: string[] = [];
const base = () => api.graphqlUrl.replace(/\/graphql$/, '');

beforeAll(async () => {
  api = await startTestApi({ LOG_LEVEL: 'info' }, { logLines });
});
afterAll(() => api.stop());

/** The value of one series in /metrics, 0 when it has no sample yet. */
async function series(name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${base()}/metrics`)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((label) => present.includes(label))) return Number(match[3]);
  }
  return 0;
}

describe('/metrics', () => {
  it('exposes request, upload, storage and database series that move with traffic', async () => {
    const token = await api.token('metered');
    const before = {
      requests: await series('graphql_operation_duration_seconds_count', { operation: 'requestUpload', outcome: 'ok' }),
      issued: await series('upload_tickets_issued_total', { purpose: 'AVATAR', kind: 'post' }),
      confirmed: await series('upload_confirmations_total'),
      rejected: await series('upload_rejections_total', { stage: 'confirm', reason: 'CONTENT_MISMATCH' }),
      heads: await series('storage_call_duration_seconds_count', { operation: 'head', outcome: 'ok' }),
      statements: await series('database_query_duration_seconds_count'),
    };
    const png = pngBytes(200);
    const good = await issueTicket(api, token, {
      purpose: 'AVATAR',
      filename: 'a.png',
      contentType: 'image/png',
      byteSize: 200,
    });
    await postToStorage(good, png);
    await confirm(api, token, good.id);
    const spoofed = await issueTicket(api, token, {
      purpose: 'AVATAR',
      filename: 'b.png',
      contentType: 'image/png',
      byteSize: HTML_PAGE.length,
    });
    await postToStorage(spoofed, HTML_PAGE);
    await confirm(api, token, spoofed.id);

    expect(
      await series('graphql_operation_duration_seconds_count', { operation: 'requestUpload', outcome: 'ok' }),
    ).toBe(before.requests + 2);
    expect(await series('upload_tickets_issued_total', { purpose: 'AVATAR', kind: 'post' })).toBe(before.issued + 2);
    expect(await series('upload_confirmations_total')).toBe(before.confirmed + 1);
    expect(await series('upload_rejections_total', { stage: 'confirm', reason: 'CONTENT_MISMATCH' })).toBe(
      before.rejected + 1,
    );
    expect(await series('storage_call_duration_seconds_count', { operation: 'head', outcome: 'ok' })).toBe(
      before.heads + 2,
    );
    expect(await series('database_query_duration_seconds_count')).toBeGreaterThan(before.statements);
    expect(await series('database_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    expect(await series('nodejs_eventloop_lag_seconds')).toBeGreaterThan(0);
  });

  it('labels a failed operation with its error code, and a refused document with no operation', async () => {
    const unauthenticated = () =>
      series('graphql_operation_duration_seconds_count', { operation: 'viewer', outcome: 'UNAUTHENTICATED' });
    const refused = () =>
      series('graphql_operation_duration_seconds_count', { operation: '-', outcome: 'GRAPHQL_VALIDATION_FAILED' });
    const [before, refusedBefore] = [await unauthenticated(), await refused()];
    await api.graphql(ViewerDocument, {}, 'not-a-token');
    await api.graphqlRaw('{ noSuchField }');
    expect(await unauthenticated()).toBe(before + 1);
    expect(await refused()).toBe(refusedBefore + 1);
  });
});

describe('/metrics of the sweeper', () => {
  it('counts sweeps and the objects they deleted', async () => {
    const sweeping = await startTestApi({ SWEEP_INTERVAL_SECONDS: '1', SWEEP_GRACE_SECONDS: '0' });
    const sweepingBase = sweeping.graphqlUrl.replace(/\/graphql$/, '');
    try {
      const token = await sweeping.token('swept');
      const ticket = await issueTicket(sweeping, token, {
        purpose: 'AVATAR',
        filename: 'a.png',
        contentType: 'image/png',
        byteSize: 10,
      });
      await postToStorage(ticket, pngBytes(10));
      await sweeping.db.uploadTicket.update({
        where: { id: ticket.id },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      let text = '';
      for (let i = 0; i < 40 && !/^sweep_deleted_objects_total [1-9]/m.test(text); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        text = await (await fetch(`${sweepingBase}/metrics`)).text();
      }
      expect(text).toMatch(/^sweep_runs_total\{outcome="ok"\} [1-9]/m);
      expect(text).toMatch(/^sweep_deleted_objects_total [1-9]/m);
    } finally {
      await sweeping.stop();
    }
  });
});

describe('probes', () => {
  it('/livez and /readyz answer 200 when all is well', async () => {
    expect(await (await fetch(`${base()}/livez`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok' } });
  });

  it('during a store outage: live, still ready (tickets are signed; confirms get a retryable code), /health 503', async () => {
    const store = await restartableStore();
    process.env['AWS_ACCESS_KEY_ID'] = 'S3RVER';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'S3RVER';
    const remote = await startTestApi({ S3_ENDPOINT: store.endpoint, S3_BUCKET: 'uploads', S3_TIMEOUT_MS: '1000' });
    const remoteBase = remote.graphqlUrl.replace(/\/graphql$/, '');
    try {
      await store.stop();
      expect((await fetch(`${remoteBase}/livez`)).status).toBe(200);
      const ready = await fetch(`${remoteBase}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'unavailable' } });
      expect((await fetch(`${remoteBase}/health`)).status).toBe(503);
    } finally {
      await remote.stop();
      await store.remove();
    }
  });

  it('during a database outage: live, not ready', async () => {
    const database = await createTestDatabase();
    const server = new URL(testServerUrl());
    const proxy = await startTcpFaultProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const viaProxy = new URL(database.url);
    viaProxy.host = `${proxy.host}:${proxy.port}`;
    const remote = await startTestApi({ DATABASE_URL: viaProxy.toString(), DB_CONNECT_TIMEOUT_MS: '500' });
    const remoteBase = remote.graphqlUrl.replace(/\/graphql$/, '');
    try {
      await proxy.refuse();
      expect((await fetch(`${remoteBase}/livez`)).status).toBe(200);
      const ready = await fetch(`${remoteBase}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', checks: { database: 'unavailable', storage: 'ok' } });
      await proxy.heal();
      expect((await fetch(`${remoteBase}/readyz`)).status).toBe(200);
    } finally {
      await remote.stop();
      await proxy.close();
      await database.drop();
    }
  });
});

describe('request logs', () => {
  const requestLines = () =>
    logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry['msg'] === 'request');

  it('one line per operation with the client request id, operation, outcome and duration; the id is sent back', async () => {
    const response = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'client-req-42', authorization: 'Bearer nope' },
      body: JSON.stringify({ query: 'query WhoAmI { viewer { id } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('client-req-42');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requestLines().find((entry) => entry['requestId'] === 'client-req-42')).toMatchObject({
      path: '/graphql',
      status: 200,
      operation: 'viewer',
      operationName: 'WhoAmI',
      outcome: 'UNAUTHENTICATED',
      ms: expect.any(Number),
    });
  });

  it('replaces a request id that could hurt a log reader with its own', async () => {
    const response = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'a b" <script>' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a dependency failure is a warning with the cause and the request id', async () => {
    const store = await restartableStore();
    const lines: string[] = [];
    const remote = await startTestApi(
      { S3_ENDPOINT: store.endpoint, S3_BUCKET: 'uploads', S3_TIMEOUT_MS: '1000', LOG_LEVEL: 'warn' },
      { logLines: lines },
    );
    try {
      const token = await remote.token('warned');
      const ticket = await issueTicket(remote, token, {
        purpose: 'AVATAR',
        filename: 'a.png',
        contentType: 'image/png',
        byteSize: 10,
      });
      await store.stop();
      await fetch(remote.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'outage-1' },
        body: JSON.stringify({ query: print(ConfirmTicketDocument), variables: { ticketId: ticket.id } }),
      });
      const warning = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .find((entry) => entry['requestId'] === 'outage-1');
      expect(warning).toMatchObject({ level: 40, dependency: 'storage', err: expect.any(Object) });
    } finally {
      await remote.stop();
      await store.remove();
    }
  });
});
