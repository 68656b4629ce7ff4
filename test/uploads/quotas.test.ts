import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { databaseState, setTicketExpiry } from '../support/db-state.ts';
import { newId } from '../../src/shared/ids.ts';
import { insertTicketWithinQuota } from '../../src/uploads/request/ticket-insert.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { issueTicket, requestTicket, type UploadRequest } from '../support/upload-client.ts';

let api: TestApi;
const avatar = (byteSize: number): UploadRequest => ({
  purpose: 'AVATAR',
  filename: 'a.png',
  contentType: 'image/png',
  byteSize,
});

beforeAll(async () => {
  api = await startTestApi({ MAX_PENDING_UPLOADS_PER_USER: '3', MAX_UPLOAD_BYTES_PER_USER_PER_DAY: '10000' });
});
afterAll(() => api.stop());

describe('per-user limits', () => {
  it('PENDING_LIMIT_REACHED past MAX_PENDING_UPLOADS_PER_USER live tickets; expired ones free a place', async () => {
    const token = await api.token('hoarder');
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await issueTicket(api, token, avatar(10)));
    const before = await databaseState(api);
    expect(await requestTicket(api, token, avatar(10))).toMatchObject({ reason: 'PENDING_LIMIT_REACHED' });
    expect(await databaseState(api)).toEqual(before);

    await setTicketExpiry(api, tickets[0]!.id, new Date(Date.now() - 1000));
    expect(await requestTicket(api, token, avatar(10))).toMatchObject({ __typename: 'UploadTicket' });
    // Another user is not affected.
    expect(await requestTicket(api, await api.token('other'), avatar(10))).toMatchObject({
      __typename: 'UploadTicket',
    });
  });

  it('a POST ticket stops counting as pending PENDING_UPLOAD_WINDOW_SECONDS after it was issued; multipart ones do not', async () => {
    const token = await api.token('stale-uploads');
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await issueTicket(api, token, avatar(10)));
    expect(await requestTicket(api, token, avatar(10))).toMatchObject({ reason: 'PENDING_LIMIT_REACHED' });
    // Issued longer ago than the window (120 s), not expired: its upload failed without a word.
    await api.db.uploadTicket.update({
      where: { id: tickets[0]!.id },
      data: { createdAt: new Date(Date.now() - 121_000) },
    });
    expect(await requestTicket(api, token, avatar(10))).toMatchObject({ __typename: 'UploadTicket' });
    // A multipart ticket as old keeps its place: its parts take long to send.
    await api.db.uploadTicket.update({
      where: { id: tickets[1]!.id },
      data: { createdAt: new Date(Date.now() - 121_000), method: 'MULTIPART' },
    });
    expect(await requestTicket(api, token, avatar(10))).toMatchObject({ reason: 'PENDING_LIMIT_REACHED' });
  });

  it('a ticket for a known user is one statement: the limits are checked by the insert itself', async () => {
    const token = await api.token('one-statement');
    await issueTicket(api, token, avatar(10)); // first sight creates the user
    api.queries.length = 0;
    await issueTicket(api, token, avatar(10));
    expect(api.queries).toHaveLength(1);
    expect(api.queries[0]).toMatch(/FROM issue_upload_ticket\(/);
  });

  it('100 concurrent requests of one user get exactly MAX_PENDING_UPLOADS_PER_USER tickets', async () => {
    const token = await api.token('burst');
    await issueTicket(api, token, avatar(10)); // first sight creates the user
    const results = await Promise.all(Array.from({ length: 100 }, () => requestTicket(api, token, avatar(10))));
    const tickets = results.filter((result) => result.__typename === 'UploadTicket');
    expect(tickets.length).toBe(2);
    for (const result of results) {
      if (result.__typename === 'UploadRejected') expect(result.reason).toBe('PENDING_LIMIT_REACHED');
    }
    const rows = await api.db.uploadTicket.count({ where: { owner: { subject: 'burst' }, status: 'PENDING' } });
    expect(rows).toBe(3);
  });

  it("one user's ticket inserts queue behind each other: the second sees the first's row", async () => {
    const token = await api.token('serialised');
    await issueTicket(api, token, avatar(10));
    const { id } = await api.db.user.findUniqueOrThrow({ where: { subject: 'serialised' } });
    const viewer = { id, subject: 'serialised' };
    const limits = { maxPendingPerUser: 2, maxBytesPerUserPerDay: 10_000, pendingWindowSeconds: 120 };
    const upload = {
      purpose: 'AVATAR' as const,
      postId: null,
      filename: 'a.png',
      contentType: 'image/png' as const,
      byteSize: 10,
      method: 'POST' as const,
      checksumSha256: null,
      contentMd5: null,
    };
    const row = () => {
      const ticketId = newId();
      return {
        id: ticketId,
        key: `avatar/${id}/${ticketId}.png`,
        method: 'POST' as const,
        expiresAt: new Date(Date.now() + 60_000),
      };
    };
    // The first insert takes the last place and keeps its transaction open…
    let inserted!: () => void;
    let release!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    if (api.config.database.kind !== 'url') throw new Error('the test API runs on a database URL');
    const connection = new pg.Client({ connectionString: api.config.database.url });
    await connection.connect();
    await connection.query('BEGIN');
    const inTransaction = {
      $prepared: {
        query: async <Row>(name: string, text: string, values: readonly unknown[]) =>
          (await connection.query({ name, text, values: [...values] })).rows as Row[],
      },
    };
    const first = (async () => {
      const refusal = await insertTicketWithinQuota(inTransaction, limits, viewer, upload, row());
      inserted();
      await released;
      await connection.query('COMMIT');
      await connection.end();
      return refusal;
    })();
    await insertedSignal;
    // …so the second waits for it instead of counting without its row (which would take a place too).
    let secondDone = false;
    const second = insertTicketWithinQuota(api.db, limits, viewer, upload, row()).finally(() => (secondDone = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondDone).toBe(false);
    release();
    expect(await first).toBeNull();
    expect(await second).toMatchObject({ reason: 'PENDING_LIMIT_REACHED' });
    expect(await api.db.uploadTicket.count({ where: { ownerId: id, status: 'PENDING' } })).toBe(2);
  });

  it('DAILY_BYTES_EXCEEDED past MAX_UPLOAD_BYTES_PER_USER_PER_DAY requested bytes', async () => {
    const token = await api.token('big');
    await issueTicket(api, token, avatar(6000));
    expect(await requestTicket(api, token, avatar(4001))).toMatchObject({ reason: 'DAILY_BYTES_EXCEEDED' });
    expect(await requestTicket(api, token, avatar(4000))).toMatchObject({ __typename: 'UploadTicket' });
  });
});

describe('per-user limits under a burst', () => {
  let roomy: TestApi;
  beforeAll(async () => {
    roomy = await startTestApi({ MAX_PENDING_UPLOADS_PER_USER: '1000', MAX_UPLOAD_BYTES_PER_USER_PER_DAY: '10000' });
  });
  afterAll(() => roomy.stop());

  it('100 concurrent requests of one user never exceed MAX_UPLOAD_BYTES_PER_USER_PER_DAY', async () => {
    const token = await roomy.token('burst-bytes');
    const results = await Promise.all(Array.from({ length: 100 }, () => requestTicket(roomy, token, avatar(300))));
    const tickets = results.filter((result) => result.__typename === 'UploadTicket');
    for (const result of results) {
      if (result.__typename === 'UploadRejected') expect(result.reason).toBe('DAILY_BYTES_EXCEEDED');
    }
    // 33 × 300 = 9,900 bytes fit in 10,000; a 34th would not.
    expect(tickets).toHaveLength(33);
    const [usage] = await roomy.db.$queryRaw<{ bytes: bigint; rows: number }[]>`
      SELECT COALESCE(SUM("byteSize"), 0)::bigint AS bytes, COUNT(*)::int AS rows FROM "UploadTicket"
      WHERE "ownerId" = (SELECT id FROM "User" WHERE subject = 'burst-bytes')`;
    expect(usage).toEqual({ bytes: 9900n, rows: 33 });
  });
});
