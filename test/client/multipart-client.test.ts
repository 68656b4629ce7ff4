import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUploadClient, CreatePostDocument, type ResumableUpload } from '../../src/client/index.ts';
import { fetchExecutor } from '../../src/client/fetch.ts';
import type { UploadProgress } from '../../src/client/post-form.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';

// Large files through the client: multipart above the threshold (5 MiB here, with 5 MiB parts),
// parts in parallel, progress across parts, an interruption, and a resume. The 1 GB run of the
// same code is in `npm run bench`.
const MiB = 1024 * 1024;
let api: TestApi;
let uploads: ReturnType<typeof createUploadClient>;
let postId: string;

const isPartPut = (input: Parameters<typeof fetch>[0], init?: RequestInit) =>
  init?.method === 'PUT' && (input instanceof Request ? input.url : input.toString()).includes('partNumber=');

function video(size: number): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 512) bytes[i] = (i / 512) % 253;
  bytes.set([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypmp42')]);
  return new File([bytes], 'clip.mp4', { type: 'video/mp4' });
}

beforeAll(async () => {
  api = await startTestApi({ MULTIPART_THRESHOLD_BYTES: String(5 * MiB), MULTIPART_PART_SIZE_BYTES: String(5 * MiB) });
  const token = await api.token('vera');
  const execute = fetchExecutor({ url: api.graphqlUrl, headers: () => ({ authorization: `Bearer ${token}` }) });
  uploads = createUploadClient(execute);
  postId = (await execute(CreatePostDocument, { title: 'films' })).createPost.id;
});
afterAll(() => api.stop());

describe('uploadFile, large files', () => {
  it('uploads in parts with progress across them and gets the verified file', async () => {
    const file = video(23 * MiB); // 5 parts: 4 × 5 MiB + 3 MiB
    const progress: UploadProgress[] = [];
    const tickets: ResumableUpload[] = [];
    const result = await uploads.uploadFile(file, {
      purpose: 'VIDEO',
      postId,
      onProgress: (step) => progress.push(step),
      onTicket: (ticket) => tickets.push(ticket),
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(tickets).toEqual([expect.objectContaining({ partCount: 5, partSize: 5 * MiB, byteSize: file.size })]);
    expect(progress.at(-1)).toEqual({ loaded: file.size, total: file.size });
    // Exactly one 100 %: the last part's bytes sent and that part stored do not both report it.
    expect(progress.filter((step) => step.loaded === step.total)).toHaveLength(1);
    expect(progress.map((step) => step.loaded)).toEqual([...progress.map((step) => step.loaded)].sort((a, b) => a - b));
    const downloaded = Buffer.from(await (await fetch(result.file.url)).arrayBuffer());
    expect(createHash('sha256').update(downloaded).digest('hex')).toBe(
      createHash('sha256')
        .update(Buffer.from(await file.arrayBuffer()))
        .digest('hex'),
    );
  });

  it('survives an interruption: resume sends only the missing parts, then confirms', async () => {
    const file = video(17 * MiB); // 4 parts
    let ticket: ResumableUpload | undefined;
    const realFetch = globalThis.fetch;
    let partPuts = 0;
    // The network dies after two parts reached the store (the process "crashes").
    globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      if (isPartPut(input, init) && ++partPuts > 2) {
        throw new TypeError('fetch failed: network down');
      }
      return realFetch(input, init);
    };
    try {
      await expect(
        uploads.uploadFile(file, { purpose: 'VIDEO', postId, concurrency: 1, onTicket: (issued) => (ticket = issued) }),
      ).rejects.toThrow(/storage could not be reached/);
    } finally {
      globalThis.fetch = realFetch;
    }
    if (!ticket) throw new Error('no ticket');
    const uploadId = (await api.db.uploadTicket.findUniqueOrThrow({ where: { id: ticket.ticketId } })).uploadId!;
    const key = (await api.db.uploadTicket.findUniqueOrThrow({ where: { id: ticket.ticketId } })).key;
    expect((await api.storage.listParts(key, uploadId))?.map((part) => part.partNumber)).toEqual([1, 2]);

    // A fresh start (e.g. after a reload), with only the kept ticket.
    let resumedPuts = 0;
    globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      if (isPartPut(input, init)) resumedPuts++;
      return realFetch(input, init);
    };
    let result;
    const progress: UploadProgress[] = [];
    try {
      result = await uploads.uploadFile(file, {
        purpose: 'VIDEO',
        postId,
        resume: ticket,
        onProgress: (step) => progress.push(step),
      });
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(resumedPuts).toBe(2);
    expect(progress[0]).toEqual({ loaded: 10 * MiB, total: file.size }); // the stored parts count from the start
    expect(progress.filter((step) => step.loaded === step.total)).toEqual([progress.at(-1)]);
    expect(result).toMatchObject({ ok: true, file: { byteSize: file.size } });

    // The process crashed after the confirm, before it forgot the ticket: resuming asks the upload's
    // status first, gets the same file, and sends nothing again.
    resumedPuts = 0;
    globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      if (isPartPut(input, init)) resumedPuts++;
      return realFetch(input, init);
    };
    let again;
    try {
      again = await uploads.uploadFile(file, { purpose: 'VIDEO', postId, resume: ticket });
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(resumedPuts).toBe(0);
    expect(again).toEqual({ ok: true, file: expect.objectContaining({ id: result.ok ? result.file.id : 'none' }) });
  });

  it('aborting via the signal stops the upload, frees the parts on the API and links nothing', async () => {
    const file = video(12 * MiB);
    const controller = new AbortController();
    let ticket: ResumableUpload | undefined;
    const upload = uploads.uploadFile(file, {
      purpose: 'VIDEO',
      postId,
      concurrency: 1,
      signal: controller.signal,
      onTicket: (issued) => (ticket = issued),
      onProgress: ({ loaded }) => {
        if (loaded >= 5 * MiB) controller.abort();
      },
    });
    await expect(upload).rejects.toThrow();
    const row = await api.db.uploadTicket.findUniqueOrThrow({
      where: { id: ticket!.ticketId },
      include: { file: true },
    });
    expect(row).toMatchObject({ status: 'REJECTED', rejectionReason: 'ABORTED', file: null });
    expect(await api.storage.listParts(row.key, row.uploadId!)).toBeNull();
  });
});
