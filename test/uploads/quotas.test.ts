import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { databaseState, setTicketExpiry } from '../support/db-state.ts';
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
  it('QUOTA_EXCEEDED past MAX_PENDING_UPLOADS_PER_USER live tickets; expired ones free a place', async () => {
    const token = await api.token('hoarder');
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await issueTicket(api, token, avatar(10)));
    const before = await databaseState(api);
    expect(await requestTicket(api, token, avatar(10))).toMatchObject({ reason: 'QUOTA_EXCEEDED' });
    expect(await databaseState(api)).toEqual(before);

    await setTicketExpiry(api, tickets[0]!.id, new Date(Date.now() - 1000));
    expect(await requestTicket(api, token, avatar(10))).toMatchObject({ __typename: 'UploadTicket' });
    // Another user is not affected.
    expect(await requestTicket(api, await api.token('other'), avatar(10))).toMatchObject({
      __typename: 'UploadTicket',
    });
  });

  it('a ticket for a known user is one statement: the limits are checked by the insert itself', async () => {
    const token = await api.token('one-statement');
    await issueTicket(api, token, avatar(10)); // first sight creates the user
    api.queries.length = 0;
    await issueTicket(api, token, avatar(10));
    expect(api.queries).toHaveLength(1);
    expect(api.queries[0]).toMatch(/INSERT INTO "UploadTicket"/);
  });

  it('concurrent requests of one user get tickets or QUOTA_EXCEEDED, nothing else', async () => {
    const token = await api.token('burst');
    const results = await Promise.all(Array.from({ length: 8 }, () => requestTicket(api, token, avatar(10))));
    const tickets = results.filter((result) => result.__typename === 'UploadTicket');
    expect(tickets.length).toBeGreaterThanOrEqual(3);
    for (const result of results) {
      if (result.__typename === 'UploadRejected') expect(result.reason).toBe('QUOTA_EXCEEDED');
    }
    const rows = await api.db.uploadTicket.count({ where: { owner: { subject: 'burst' } } });
    expect(rows).toBe(tickets.length);
  });

  it('QUOTA_EXCEEDED past MAX_UPLOAD_BYTES_PER_USER_PER_DAY requested bytes', async () => {
    const token = await api.token('big');
    await issueTicket(api, token, avatar(6000));
    expect(await requestTicket(api, token, avatar(4001))).toMatchObject({ reason: 'QUOTA_EXCEEDED' });
    expect(await requestTicket(api, token, avatar(4000))).toMatchObject({ __typename: 'UploadTicket' });
  });
});
