import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AbortUploadDocument,
  ClearAvatarDocument,
  ConfirmUploadDocument,
  CreatePostDocument,
  RequestUploadDocument,
  UploadStatusDocument,
  type Execute,
  type RequestUploadInput,
} from '../../src/client/index.ts';
import { newId } from '../../src/shared/ids.ts';
import { errorCode, executorFor } from '../file-links/support.ts';
import { setTicketExpiry } from '../support/db-state.ts';
import { pngBytes } from '../support/sample-files.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { postToStorage } from '../support/upload-client.ts';

// uploadStatus: where a ticket stands, for a client that lost track of it. Every state, from the
// database and (for a pending upload) from the store; nobody else's tickets.
let api: TestApi;
let owner: Execute;
let other: Execute;
const png = pngBytes(300);
const avatar: RequestUploadInput = {
  purpose: 'AVATAR',
  filename: 'a.png',
  contentType: 'image/png',
  byteSize: png.length,
};

beforeAll(async () => {
  api = await startTestApi({ MULTIPART_THRESHOLD_BYTES: String(5 * 1024 * 1024) });
  owner = executorFor(api, await api.token('owner'));
  other = executorFor(api, await api.token('other'));
});
afterAll(() => api.stop());

async function ticket(input: RequestUploadInput = avatar) {
  const { requestUpload } = await owner(RequestUploadDocument, { input });
  if (requestUpload.__typename === 'UploadRejected' || requestUpload.__typename === 'PutUploadTicket') {
    throw new Error(`expected a POST or multipart ticket, got ${requestUpload.__typename}`);
  }
  return requestUpload;
}

async function status(ticketId: string, as: Execute = owner) {
  return (await as(UploadStatusDocument, { ticketId })).uploadStatus;
}

describe('uploadStatus', () => {
  it('follows an upload from PENDING to UPLOADED to CONFIRMED, with the file; null once it is removed', async () => {
    const issued = await ticket();
    if (issued.__typename !== 'UploadTicket') throw new Error(issued.__typename);
    expect(await status(issued.id)).toMatchObject({ state: 'PENDING', rejection: null, file: null });
    await postToStorage(issued, png);
    expect(await status(issued.id)).toMatchObject({ state: 'UPLOADED', file: null });
    const { confirmUpload } = await owner(ConfirmUploadDocument, { ticketId: issued.id });
    if (confirmUpload.__typename !== 'ConfirmedUpload') throw new Error(confirmUpload.reason);
    expect(await status(issued.id)).toMatchObject({ state: 'CONFIRMED', file: { id: confirmUpload.file.id } });
    await owner(ClearAvatarDocument, {});
    expect(await status(issued.id)).toMatchObject({ state: 'CONFIRMED', file: null });
  });

  it('says REJECTED with the reason, and EXPIRED past the expiry', async () => {
    const aborted = await ticket();
    await owner(AbortUploadDocument, { ticketId: aborted.id });
    expect(await status(aborted.id)).toMatchObject({ state: 'REJECTED', rejection: { reason: 'ABORTED' } });

    const late = await ticket();
    await setTicketExpiry(api, late.id, new Date(Date.now() - 1000));
    expect(await status(late.id)).toMatchObject({ state: 'EXPIRED', rejection: null });
  });

  it('keeps a multipart upload PENDING until it is confirmed (its parts are in uploadedParts)', async () => {
    const video = await ticket({
      purpose: 'VIDEO',
      filename: 'v.mp4',
      contentType: 'video/mp4',
      byteSize: 6 * 1024 * 1024,
      postId: await newPost(),
    });
    expect(video.__typename).toBe('MultipartUploadTicket');
    expect(await status(video.id)).toMatchObject({ state: 'PENDING' });
  });

  it("answers NOT_FOUND for someone else's ticket exactly as for none, and UNAUTHENTICATED without a token", async () => {
    const issued = await ticket();
    const missing = await status(newId());
    expect(missing).toEqual({ __typename: 'UploadRejected', reason: 'NOT_FOUND', message: expect.any(String) });
    expect(await status(issued.id, other)).toEqual(missing);
    expect(await status('not-a-ticket')).toEqual(missing);
    expect(await errorCode(executorFor(api)(UploadStatusDocument, { ticketId: issued.id }))).toBe('UNAUTHENTICATED');
  });
});

async function newPost(): Promise<string> {
  return (await owner(CreatePostDocument, { title: 'videos' })).createPost.id;
}
