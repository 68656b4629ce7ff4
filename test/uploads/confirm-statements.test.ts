import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_GATHER_MS } from '../../src/uploads/cleanup/deferred-deletes.ts';
import { CreatePostDocument } from '../../src/generated/client/graphql.ts';
import { pdfBytes, pngBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { confirm, issueTicket, postToStorage, type UploadRequest } from '../support/upload-client.ts';

// What one confirm asks of the database: the ticket read, the promotion attempt's record, the
// commit (one statement: the database function confirm_upload links the file, records it and
// settles the ticket). No interactive transaction. A replaced avatar's File is marked deleted a
// moment later, once its object is gone (uploads/cleanup/deferred-deletes.ts).
let api: TestApi;
let alice: string;
const png = pngBytes(400);
const pdf = pdfBytes(500);
const avatar: UploadRequest = { purpose: 'AVATAR', filename: 'a.png', contentType: 'image/png', byteSize: png.length };

beforeAll(async () => {
  api = await startTestApi();
  alice = await api.token('alice');
});
afterAll(() => api.stop());

async function statementsOfConfirm(request: UploadRequest): Promise<string[]> {
  const ticket = await issueTicket(api, alice, request);
  await postToStorage(ticket, request.purpose === 'AVATAR' ? png : pdf);
  api.queries.length = 0;
  expect(await confirm(api, alice, ticket.id)).toHaveProperty('file');
  return [...api.queries];
}

describe('a confirm', () => {
  // ticket read, attempt record, commit, then the payload's File.owner read.
  it.each([
    ['first avatar', 4],
    ['replacing avatar', 4],
    ['attachment', 4],
  ] as const)('(%s) commits in one statement, %i statements before it answers', async (kind, total) => {
    let request = avatar;
    if (kind === 'attachment') {
      const post = (await api.graphql(CreatePostDocument, { title: 'p' }, alice)).data!.createPost.id;
      request = {
        purpose: 'POST_ATTACHMENT',
        filename: 'd.pdf',
        contentType: 'application/pdf',
        byteSize: pdf.length,
        postId: post,
      };
    }
    if (kind !== 'attachment') await api.db.user.updateMany({ where: { subject: 'alice' }, data: { avatarId: null } });
    // An avatar to replace, whatever ran before. A first one: it queues no statement of its own
    // (a replacing one would mark its replaced File a moment later, within the confirm measured).
    if (kind === 'replacing avatar') await statementsOfConfirm(avatar);
    const statements = await statementsOfConfirm(request);
    expect(statements.filter((sql) => /confirm_upload\(/.test(sql))).toHaveLength(1);
    expect(statements.filter((sql) => /^\s*(BEGIN|COMMIT)/i.test(sql))).toEqual([]);
    expect(statements.filter((sql) => /INSERT INTO "public"\."File"|INSERT INTO "File"/.test(sql))).toEqual([]);
    expect(statements).toHaveLength(total);
    if (kind !== 'replacing avatar') return;
    // After the answer: the replaced avatar's object is deleted, then its File marked, once.
    const marks = () => api.queries.filter((sql) => /UPDATE "File" SET "objectDeletedAt"/.test(sql));
    const deadline = Date.now() + DEFAULT_GATHER_MS + 5_000;
    while (marks().length === 0 && Date.now() < deadline) await sleep(20);
    // Once more the moment: a second mark would show by then.
    await sleep(2 * DEFAULT_GATHER_MS);
    expect(marks()).toHaveLength(1);
  });
});
