import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreatePostDocument, PostDocument, ViewerDocument } from '../../src/generated/client/graphql.ts';
import { confirm, issueTicket, postToStorage } from '../support/upload-client.ts';
import { pdfBytes, pngBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { expectDeletedSoon } from '../support/deferred-deletes.ts';

let api: TestApi;
let token: string;

beforeAll(async () => {
  api = await startTestApi();
  token = await api.token('alice', 'Alice');
});
afterAll(() => api.stop());

describe('the upload ticket', () => {
  it('is a presigned POST whose signed policy pins the key, the type, the exact size and the expiry', async () => {
    const ticket = await issueTicket(api, token, {
      purpose: 'AVATAR',
      filename: 'pinned.png',
      contentType: 'IMAGE/PNG',
      byteSize: 1234,
    });
    const field = (name: string) => ticket.fields.find((entry) => entry.name === name)?.value;
    expect(field('key')).toBe(ticket.key);
    expect(field('Content-Type')).toBe('image/png');
    expect(field('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    const policy = JSON.parse(Buffer.from(field('Policy') ?? '', 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        { key: ticket.key },
        { 'Content-Type': 'image/png' },
        ['content-length-range', 1234, 1234],
        { bucket: 'uploads' },
      ]),
    );
    expect(new Date(policy.expiration).toISOString()).toBe(ticket.expiresAt);
    const ttl = new Date(ticket.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(290_000);
    expect(ttl).toBeLessThanOrEqual(300_000);
    // Every field the client sends is covered by the signed policy.
    const covered = new Set(policy.conditions.flatMap((c) => (Array.isArray(c) ? [] : Object.keys(c as object))));
    for (const { name } of ticket.fields) {
      if (!['Policy', 'X-Amz-Signature'].includes(name)) expect(covered).toContain(name);
    }
  });
});

describe('request → POST to storage → confirm → read', () => {
  it('sets an avatar from a real multipart POST and serves the same bytes back', async () => {
    const bytes = pngBytes(2048);
    const ticket = await issueTicket(api, token, {
      purpose: 'AVATAR',
      filename: 'me.png',
      contentType: 'image/png',
      byteSize: bytes.length,
    });
    expect(ticket.key).toMatch(/^staging\/avatar\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.png$/);
    expect(ticket.fields.map((field) => field.name)).toEqual(expect.arrayContaining(['key', 'Policy', 'Content-Type']));
    expect(new Date(ticket.expiresAt).getTime()).toBeGreaterThan(Date.now());

    const upload = await postToStorage(ticket, bytes, { filename: 'me.png' });
    expect(upload.status).toBe(204);

    const confirmed = await confirm(api, token, ticket.id);
    if (!('file' in confirmed)) throw new Error(`not confirmed: ${JSON.stringify(confirmed)}`);
    // The file lives where no ticket can write; the staged upload is deleted right after.
    await expectDeletedSoon(api.storage, ticket.key);
    expect(confirmed.file).toMatchObject({
      key: expect.stringMatching(/^files\/avatar\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.png$/),
      filename: 'me.png',
      contentType: 'image/png',
      byteSize: 2048,
    });
    expect(confirmed.file.owner.name).toBe('Alice');

    const viewer = await api.graphql(ViewerDocument, {}, token);
    expect(viewer.data?.viewer?.avatar?.id).toBe(confirmed.file.id);
    const download = await fetch(viewer.data!.viewer!.avatar!.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    expect(download.headers.get('content-disposition')).toBe(`inline; filename="me.png"; filename*=UTF-8''me.png`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
  });

  it('attaches files to a post in order and lists them with the post', async () => {
    const post = await api.graphql(CreatePostDocument, { title: 'Quarterly report' }, token);
    const postId = post.data!.createPost.id;
    const files = [
      { filename: 'report.pdf', contentType: 'application/pdf', bytes: pdfBytes(3000) },
      { filename: 'chart.png', contentType: 'image/png', bytes: pngBytes(700) },
    ];
    for (const file of files) {
      const ticket = await issueTicket(api, token, {
        purpose: 'POST_ATTACHMENT',
        postId,
        filename: file.filename,
        contentType: file.contentType,
        byteSize: file.bytes.length,
      });
      expect((await postToStorage(ticket, file.bytes)).status).toBe(204);
      expect(await confirm(api, token, ticket.id)).toHaveProperty('file');
    }

    const read = await api.graphql(PostDocument, { id: postId });
    const attachments = read.data!.post!.attachments;
    expect(attachments.map((file) => file.filename)).toEqual(['report.pdf', 'chart.png']);
    const pdf = await fetch(attachments[0]!.url);
    expect(pdf.headers.get('content-disposition')).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
    expect(new Uint8Array(await pdf.arrayBuffer())).toEqual(files[0]!.bytes);
  });
});
