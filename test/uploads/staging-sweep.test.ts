import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/shared/logger.ts';
import { sweep } from '../../src/uploads/cleanup/sweeper.ts';
import { commitConfirmation } from '../../src/uploads/confirm/confirm-transaction.ts';
import { promoteStagedObject } from '../../src/uploads/confirm/promote-object.ts';
import { loadTicket } from '../../src/uploads/ticket-rows.ts';
import { pngBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage } from '../support/upload-client.ts';

// The sweeper's passes that do not trust the rows: the staging prefix by age, and the copies of
// promotions whose confirm never finished. And what they must never touch.
let api: TestApi;
let alice: string;
const png = pngBytes(300);
const logger = createLogger('silent');
const avatar = (filename: string) => ({
  purpose: 'AVATAR' as const,
  filename,
  contentType: 'image/png',
  byteSize: png.length,
});

/** Writes an object at any key, as a store client would (no ticket can name most of these). */
async function storeAt(key: string): Promise<void> {
  const post = await api.storage.presignPost({
    key,
    contentType: 'image/png',
    byteSize: png.length,
    expiresInSeconds: 60,
  });
  expect((await postToStorage({ url: post.url, fields: post.fields }, png)).status).toBe(204);
}

/** A sweep run `secondsAhead` past the longest ticket lifetime plus the grace period. */
function sweepLater(secondsAhead: number) {
  const { ticketLifetimeSeconds, graceSeconds } = api.config.sweep;
  const now = new Date(Date.now() + (ticketLifetimeSeconds + graceSeconds + secondsAhead) * 1000);
  return sweep({ db: api.db, storage: api.storage, logger }, { ...api.config.sweep, now });
}

beforeAll(async () => {
  api = await startTestApi();
  alice = await api.token('alice');
});
afterAll(() => api.stop());

describe('the staging sweep by age', () => {
  it('deletes staged objects no row knows once no ticket could still write them, and keeps younger ones', async () => {
    const orphan = `staging/avatar/${randomUUID()}/${randomUUID()}.png`;
    await storeAt(orphan);
    // Not old enough yet: half a minute short of the lifetime plus grace.
    await sweepLater(-30);
    expect(await api.storage.head(orphan)).not.toBeNull();
    const report = await sweepLater(5);
    expect(report.deletedObjects).toBeGreaterThanOrEqual(1);
    expect(await api.storage.head(orphan)).toBeNull();
  });

  it('never touches files, nor the keys of files confirmed before promotion existed', async () => {
    const ticket = await issueTicket(api, alice, avatar('a.png'));
    await postToStorage(ticket, png);
    const confirmed = await confirm(api, alice, ticket.id);
    if (!('file' in confirmed)) throw new Error(JSON.stringify(confirmed));

    // A file confirmed before this version: its key is its ticket's, outside both prefixes, and
    // (as if the migration's mark were missing) its ticket not marked swept.
    const owner = await api.db.user.findFirstOrThrow({ where: { subject: 'alice' } });
    const legacyKey = `avatar/${owner.id}/${randomUUID()}.png`;
    await storeAt(legacyKey);
    const legacyTicket = randomUUID();
    await api.db.$executeRaw`
      INSERT INTO "UploadTicket" (id, "ownerId", purpose, key, filename, "contentType", "byteSize", status,
                                  "expiresAt", "settledAt")
      VALUES (${legacyTicket}::uuid, ${owner.id}::uuid, 'POST_ATTACHMENT', ${legacyKey}, 'old.png', 'image/png',
              ${png.length}, 'CONFIRMED', now() - interval '30 days', now() - interval '30 days')`;
    await api.db.file.create({
      data: {
        id: randomUUID(),
        ticketId: legacyTicket,
        ownerId: owner.id,
        key: legacyKey,
        filename: 'old.png',
        contentType: 'image/png',
        byteSize: BigInt(png.length),
      },
    });

    await sweepLater(3600);
    expect(await api.storage.head(confirmed.file.key)).not.toBeNull();
    expect(await api.storage.head(legacyKey)).not.toBeNull();
  });
  it("never deletes a PENDING ticket's staged object, even when its own settings say it is old", async () => {
    const ticket = await issueTicket(api, alice, avatar('c.png'));
    await postToStorage(ticket, png);
    // A sweeper whose configuration drifted (a ticket lifetime of 0) or whose clock runs ahead.
    const now = new Date(Date.now() + 5000);
    const drifted = { ...api.config.sweep, ticketLifetimeSeconds: 0, graceSeconds: 0, now };
    await sweep({ db: api.db, storage: api.storage, logger }, drifted);
    expect(await api.storage.head(ticket.key)).not.toBeNull();
    expect(await confirm(api, alice, ticket.id)).toHaveProperty('file');
  });
});

describe('promotions whose confirm never finished', () => {
  it('a confirm whose attempt the sweeper already took links nothing and can be confirmed again', async () => {
    const ticket = await issueTicket(api, alice, avatar('d.png'));
    await postToStorage(ticket, png);
    const record = (await loadTicket(api.db, ticket.id))!;
    const staged = (await api.storage.head(ticket.key))!;
    const deps = { db: api.db, storage: api.storage, logger };
    const promotion = await promoteStagedObject(deps, record, { ...staged, etag: staged.etag! });
    if (promotion.kind !== 'promoted') throw new Error(promotion.kind);
    // The sweeper judged this attempt crashed: record and copy gone before the commit.
    await api.db.promotionAttempt.delete({ where: { key: promotion.key } });
    await api.storage.delete(promotion.key);

    const committed = await commitConfirmation(api.db, record, promotion);
    expect(committed.result).toMatchObject({ kind: 'rejected', reason: 'NOT_UPLOADED' });
    expect(await api.db.file.count({ where: { ticketId: ticket.id } })).toBe(0);
    expect(await confirm(api, alice, ticket.id)).toHaveProperty('file.key', expect.stringMatching(/^files\//));
  });

  it('have their copy deleted once older than any confirm can take, and their record removed', async () => {
    const ticket = await issueTicket(api, alice, avatar('b.png'));
    // What a process that died between the copy and the commit leaves: the record and the copy.
    const copy = `files/avatar/${randomUUID()}/${randomUUID()}.png`;
    await api.db.promotionAttempt.create({ data: { key: copy, ticketId: ticket.id } });
    await storeAt(copy);
    // And a copy in parts whose abort failed too: an unfinished upload at the same key.
    const uploadId = await api.storage.createMultipartUpload(copy, 'image/png');

    await sweepLater(-30);
    expect(await api.storage.head(copy)).not.toBeNull();
    await sweepLater(5);
    expect(await api.storage.head(copy)).toBeNull();
    expect(await api.db.promotionAttempt.count({ where: { key: copy } })).toBe(0);
    expect(await api.storage.listParts(copy, uploadId)).toBeNull();
  });
});
