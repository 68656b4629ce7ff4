import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/shared/logger.ts';
import { sweep } from '../../src/uploads/cleanup/sweeper.ts';
import { setTicketExpiry } from '../support/db-state.ts';
import { pngBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage, type UploadRequest } from '../support/upload-client.ts';
import { expectMarkedDeletedSoon } from '../support/deferred-deletes.ts';

let api: TestApi;
let alice: string;
const logger = createLogger('silent');
const png = pngBytes(500);
const avatar: UploadRequest = { purpose: 'AVATAR', filename: 'a.png', contentType: 'image/png', byteSize: png.length };
const sweepNow = (batchSize?: number) =>
  sweep(
    { db: api.db, storage: api.storage, logger },
    {
      ...api.config.sweep,
      graceSeconds: 0,
      ...(batchSize ? { batchSize } : {}),
    },
  );

beforeAll(async () => {
  api = await startTestApi({ MAX_PENDING_UPLOADS_PER_USER: '1000' });
  alice = await api.token('alice');
});
afterAll(() => api.stop());

describe('sweeper', () => {
  it('deletes the object of an expired, unconfirmed ticket once, and rejects the ticket', async () => {
    const ticket = await issueTicket(api, alice, avatar);
    await postToStorage(ticket, png);
    await setTicketExpiry(api, ticket.id, new Date(Date.now() - 1000));

    const first = await sweepNow();
    expect(first).toMatchObject({ expiredTickets: 1, deletedObjects: 1, failedObjects: 0 });
    expect(await api.storage.head(ticket.key)).toBeNull();
    const row = await api.db.uploadTicket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row).toMatchObject({ status: 'REJECTED', rejectionReason: 'TICKET_EXPIRED' });
    expect(row.objectDeletedAt).toBeInstanceOf(Date);
    expect(await confirm(api, alice, ticket.id)).toMatchObject({ reason: 'TICKET_EXPIRED' });

    expect(await sweepNow()).toMatchObject({ expiredTickets: 0, deletedObjects: 0, deleteCalls: 0 });
  });

  it('leaves live tickets, confirmed files and the current avatar alone; finishes a replaced avatar', async () => {
    const live = await issueTicket(api, alice, avatar);
    await postToStorage(live, png);
    const keys: string[] = [];
    for (let i = 0; i < 2; i++) {
      const ticket = await issueTicket(api, alice, avatar);
      await postToStorage(ticket, png);
      const confirmed = await confirm(api, alice, ticket.id);
      if (!('file' in confirmed)) throw new Error(JSON.stringify(confirmed));
      keys.push(confirmed.file.key);
    }
    // The replaced avatar's delete "failed": its object is back and its row says it is still there.
    const [replacedKey, currentKey] = keys as [string, string];
    await expectMarkedDeletedSoon(api.db, replacedKey);
    const replaced = await api.db.file.update({ where: { key: replacedKey }, data: { objectDeletedAt: null } });
    await postToStorage(await postFieldsFor(replaced.key), png);
    expect(await api.storage.head(replacedKey)).not.toBeNull();

    expect(await sweepNow()).toMatchObject({ deletedObjects: 1 });
    expect(await api.storage.head(replacedKey)).toBeNull();
    expect(await api.storage.head(currentKey)).not.toBeNull();
    expect(await api.storage.head(live.key)).not.toBeNull();
    expect(await confirm(api, alice, live.id)).toHaveProperty('file');
  });

  it('batches DeleteObjects by 1,000 keys, and two sweepers at once never take the same row', async () => {
    const owner = await api.db.user.findFirstOrThrow({ where: { subject: 'alice' } });
    await api.db.$executeRaw`
      INSERT INTO "UploadTicket" (id, "ownerId", purpose, key, filename, "contentType", "byteSize", status, "expiresAt")
      SELECT gen_random_uuid(), ${owner.id}::uuid, 'AVATAR', 'avatar/bulk/' || n || '.png', 'a.png', 'image/png', 10,
             'PENDING', now() - interval '1 hour'
      FROM generate_series(1, 2500) AS n`;
    const reports = await Promise.all([sweepNow(), sweepNow()]);
    expect(reports[0].deletedObjects + reports[1].deletedObjects).toBe(2500);
    expect(reports[0].expiredTickets + reports[1].expiredTickets).toBe(2500);
    // 2,500 keys need at least 3 calls of at most 1,000; two sweepers may split them into a few more.
    expect(reports[0].deleteCalls + reports[1].deleteCalls).toBeGreaterThanOrEqual(3);
    expect(reports[0].deleteCalls + reports[1].deleteCalls).toBeLessThanOrEqual(6);
    expect(
      await api.db.uploadTicket.count({ where: { key: { startsWith: 'avatar/bulk/' }, objectDeletedAt: null } }),
    ).toBe(0);
  });

  it('never deletes a confirmed object while confirms race expiry and two sweepers', async () => {
    const tickets = [];
    for (let i = 0; i < 30; i++) {
      const ticket = await issueTicket(api, alice, avatar);
      await postToStorage(ticket, png);
      tickets.push(ticket);
    }
    // A third expired, a third valid for a minute, a third expiring while confirms and sweeps run.
    const expiries = [-1000, 60_000, 0];
    for (const [i, ticket] of tickets.entries()) {
      await setTicketExpiry(api, ticket.id, new Date(Date.now() + (expiries[i % 3] || 5 * i)));
    }
    const sweeping = (async () => {
      for (let round = 0; round < 10; round++) {
        await Promise.all([sweepNow(), sweepNow()]);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const results = await Promise.all(tickets.map((ticket) => confirm(api, alice, ticket.id)));
    await sweeping;
    await sweepNow();

    for (const [i, ticket] of tickets.entries()) {
      const row = await api.db.uploadTicket.findUniqueOrThrow({ where: { id: ticket.id }, include: { file: true } });
      const stored = await api.storage.head(row.file?.key ?? ticket.key);
      if (row.status === 'CONFIRMED') {
        expect(row.file).not.toBeNull();
        expect(results[i]).toMatchObject({ file: { id: row.file?.id } });
        // Confirmed avatars replace each other: only the current one keeps its object.
        if (row.file?.detachedAt === null) expect(stored).not.toBeNull();
      } else {
        expect(row).toMatchObject({ status: 'REJECTED', rejectionReason: 'TICKET_EXPIRED' });
        expect(row.file).toBeNull();
        expect(stored).toBeNull();
      }
    }
    const statuses = await api.db.uploadTicket.groupBy({
      by: ['status'],
      where: { id: { in: tickets.map((ticket) => ticket.id) } },
      _count: true,
    });
    expect(statuses.map((group) => group.status).sort()).toEqual(['CONFIRMED', 'REJECTED']);
    const user = await api.db.user.findFirstOrThrow({ where: { subject: 'alice' }, include: { avatar: true } });
    expect(await api.storage.head(user.avatar!.key)).not.toBeNull();
  });
});

async function postFieldsFor(key: string) {
  // No ticket can write a file's key: the test signs one itself, through the storage port.
  const post = await api.storage.presignPost({
    key,
    contentType: 'image/png',
    byteSize: png.length,
    expiresInSeconds: 60,
  });
  return { url: post.url, fields: post.fields };
}
