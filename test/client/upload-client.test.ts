import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createUploadClient,
  CreatePostDocument,
  describeRejection,
  GraphQLResponseError,
  ViewerDocument,
} from '../../src/client/index.ts';
import { fetchExecutor } from '../../src/client/fetch.ts';
import type { UploadProgress } from '../../src/client/post-form.ts';
import { databaseState } from '../support/db-state.ts';
import { solidPng } from '../support/png.ts';
import { HTML_PAGE } from '../support/sample-files.ts';
import { restartableStore } from '../support/restartable-store.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';

// The client as a Node app uses it: plain fetch, no XMLHttpRequest (the browser path is covered by
// test/browser). Real server, real s3rver, real database.
let api: TestApi;
let token: string;
let uploads: ReturnType<typeof createUploadClient>;
let execute: ReturnType<typeof fetchExecutor>;

beforeAll(async () => {
  api = await startTestApi();
  token = await api.token('carol', 'Carol');
  execute = fetchExecutor({ url: api.graphqlUrl, headers: () => ({ authorization: `Bearer ${token}` }) });
  uploads = createUploadClient(execute);
});
afterAll(() => api.stop());

const file = (bytes: Uint8Array<ArrayBuffer>, name: string, type: string) => new File([bytes], name, { type });

describe('uploadFile over fetch (Node)', () => {
  it('uploads an avatar with progress up to 100 % and returns the typed file', async () => {
    const png = solidPng(300, 200, [200, 40, 40]);
    const progress: UploadProgress[] = [];
    const result = await uploads.uploadFile(file(png, 'red.png', 'image/png'), {
      purpose: 'AVATAR',
      onProgress: (event) => progress.push(event),
    });
    if (!result.ok) throw new Error(`rejected: ${result.reason}`);
    expect(result.file).toMatchObject({ filename: 'red.png', contentType: 'image/png', byteSize: png.length });

    const last = progress.at(-1);
    expect(last?.loaded).toBe(last?.total);
    expect(last?.total).toBeGreaterThan(png.length); // the form fields travel too
    expect(progress.filter((event) => event.loaded === event.total)).toEqual([last]); // 100 % once
    const loaded = progress.map((event) => event.loaded);
    expect(loaded).toEqual([...new Set(loaded)].sort((a, b) => a - b)); // rising, never repeated

    const { viewer } = await execute(ViewerDocument, {});
    expect(viewer?.avatar?.id).toBe(result.file.id);
    const download = await fetch(result.file.url);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);
  });

  it('reports a small file (one chunk) as its start and one 100 % once stored', async () => {
    const png = solidPng(4, 4, [0, 200, 0]);
    const progress: UploadProgress[] = [];
    const result = await uploads.uploadFile(file(png, 'tiny.png', 'image/png'), {
      purpose: 'AVATAR',
      onProgress: (event) => progress.push(event),
    });
    expect(result.ok).toBe(true);
    const total = progress[0]?.total ?? 0;
    expect(total).toBeGreaterThan(png.length);
    expect(progress).toEqual([
      { loaded: 0, total },
      { loaded: total, total },
    ]);
  });

  it('returns a request-stage rejection without sending anything to storage', async () => {
    const before = await databaseState(api);
    const progress: UploadProgress[] = [];
    const result = await uploads.uploadFile(new Blob([new Uint8Array(6 * 1024 * 1024)], { type: 'image/png' }), {
      purpose: 'AVATAR',
      filename: 'huge.png',
      onProgress: (event) => progress.push(event),
    });
    expect(result).toMatchObject({ ok: false, stage: 'request', reason: 'TOO_LARGE' });
    expect(progress).toEqual([]);
    expect(await databaseState(api)).toEqual(before);
  });

  it('returns a confirm-stage rejection for HTML bytes named .png, and links nothing', async () => {
    const { viewer: before } = await execute(ViewerDocument, {});
    const result = await uploads.uploadFile(file(HTML_PAGE, 'evil.png', 'image/png'), { purpose: 'AVATAR' });
    expect(result).toMatchObject({ ok: false, stage: 'confirm', reason: 'CONTENT_MISMATCH' });
    if (result.ok) return;
    expect(result.message).toContain('image/png');
    expect(describeRejection(result.reason)).toMatch(/not what its name or type says/);
    const { viewer: after } = await execute(ViewerDocument, {});
    expect(after?.avatar?.id).toBe(before?.avatar?.id);
  });

  it('stops on abort in the middle of the POST: rejects with the abort reason, links nothing', async () => {
    const { createPost } = await api
      .graphql(CreatePostDocument, { title: 'abort' }, token)
      .then((response) => response.data!);
    const before = await databaseState(api);
    const controller = new AbortController();
    const progress: UploadProgress[] = [];
    const big = new Uint8Array(20 * 1024 * 1024).fill(0x61); // 20 MiB of text
    const upload = uploads.uploadFile(file(big, 'big.txt', 'text/plain'), {
      purpose: 'POST_ATTACHMENT',
      postId: createPost.id,
      signal: controller.signal,
      onProgress: (event) => {
        progress.push(event);
        controller.abort();
      },
    });
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.loaded).toBeLessThan(progress.at(-1)!.total);

    const after = await databaseState(api);
    expect(after).toMatchObject({ files: before.files, attachments: before.attachments });
    expect(after.tickets).toBe(before.tickets + 1); // the ticket was issued, then given up
    const ticket = await api.db.uploadTicket.findFirstOrThrow({ orderBy: { createdAt: 'desc' } });
    // Given up on the API at once: it no longer counts against the user's pending uploads.
    expect(ticket).toMatchObject({ status: 'REJECTED', rejectionReason: 'ABORTED' });
    // Nothing complete reached storage (s3rver may keep the start of an aborted POST; S3 does not).
    const stored = await api.storage.head(ticket.key);
    expect(stored?.byteSize ?? 0).toBeLessThan(big.length);
  });

  it('does not even ask for a ticket when the signal is already aborted', async () => {
    const before = await databaseState(api);
    const upload = uploads.uploadFile(file(solidPng(4, 4, [0, 0, 0]), 'a.png', 'image/png'), {
      purpose: 'AVATAR',
      signal: AbortSignal.abort(),
    });
    await expect(upload).rejects.toMatchObject({ name: 'AbortError' });
    expect(await databaseState(api)).toEqual(before);
  });

  it('rejects with the GraphQL error codes when the request is not allowed', async () => {
    const anonymous = createUploadClient(fetchExecutor({ url: api.graphqlUrl }));
    const upload = anonymous.uploadFile(file(solidPng(4, 4, [0, 0, 0]), 'a.png', 'image/png'), { purpose: 'AVATAR' });
    await expect(upload).rejects.toBeInstanceOf(GraphQLResponseError);
    await expect(upload).rejects.toMatchObject({ codes: ['UNAUTHENTICATED'] });
  });
});

describe('uploadFile when storage is down', () => {
  it('gives the ticket up, so retries after the outage are not refused for pending uploads', async () => {
    process.env['AWS_ACCESS_KEY_ID'] = 'S3RVER';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'S3RVER';
    const store = await restartableStore();
    const limited = await startTestApi({
      S3_ENDPOINT: store.endpoint,
      S3_BUCKET: 'uploads',
      MAX_PENDING_UPLOADS_PER_USER: '2',
    });
    try {
      const dave = await limited.token('dave');
      const client = createUploadClient(
        fetchExecutor({ url: limited.graphqlUrl, headers: () => ({ authorization: `Bearer ${dave}` }) }),
      );
      const avatar = () => file(solidPng(8, 8, [0, 0, 255]), 'blue.png', 'image/png');
      await store.stop();
      for (let attempt = 0; attempt < 3; attempt++) {
        await expect(client.uploadFile(avatar(), { purpose: 'AVATAR' })).rejects.toThrow();
      }
      const tickets = await limited.db.uploadTicket.findMany({ select: { status: true, rejectionReason: true } });
      expect(tickets).toEqual(Array(3).fill({ status: 'REJECTED', rejectionReason: 'ABORTED' }));
      await store.start();
      const result = await client.uploadFile(avatar(), { purpose: 'AVATAR' });
      expect(result).toMatchObject({ ok: true, file: { filename: 'blue.png' } });
    } finally {
      await limited.stop();
      await store.remove();
    }
  });
});
