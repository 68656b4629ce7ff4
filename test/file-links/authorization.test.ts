import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ClearAvatarDocument,
  createUploadClient,
  DeletePostDocument,
  RemoveAttachmentDocument,
  ReorderAttachmentsDocument,
  ViewerDocument,
  type Execute,
} from '../../src/client/index.ts';
import { newId } from '../../src/shared/ids.ts';
import { solidPng } from '../support/png.ts';
import { startTestApi, type TestApi } from '../support/test-api.ts';
import { attachmentIds, errorCode, executorFor, postWithAttachments, type PostWithFiles } from './support.ts';

// Who may change what is linked: only the owner. Another user gets exactly the answer a missing
// post gets (nothing about the post is revealed), anonymous requests are UNAUTHENTICATED, and
// neither changes anything: the post keeps its attachments, in order, and their objects.
let api: TestApi;
let owner: Execute;
let other: Execute;
let anonymous: Execute;

beforeAll(async () => {
  api = await startTestApi();
  owner = executorFor(api, await api.token('owner'));
  other = executorFor(api, await api.token('other'));
  anonymous = executorFor(api);
});
afterAll(() => api.stop());

type Change = (as: Execute, post: PostWithFiles) => Promise<{ __typename: string; reason?: string; message?: string }>;

const changes: Record<string, Change> = {
  removeAttachment: async (as, { postId, fileIds }) =>
    (await as(RemoveAttachmentDocument, { postId, fileId: fileIds[0]! })).removeAttachment,
  reorderAttachments: async (as, { postId, fileIds }) =>
    (await as(ReorderAttachmentsDocument, { postId, fileIds: [...fileIds].reverse() })).reorderAttachments,
  deletePost: async (as, { postId }) => (await as(DeletePostDocument, { postId })).deletePost,
};

async function expectUnchanged(post: PostWithFiles): Promise<void> {
  expect(await attachmentIds(owner, post.postId)).toEqual(post.fileIds);
  for (const key of post.keys) expect(await api.storage.head(key)).not.toBeNull();
}

describe.each(Object.entries(changes))('%s', (_name, change) => {
  it('answers another user exactly as for a missing post, and changes nothing', async () => {
    const post = await postWithAttachments(owner, 2);
    const missing = await change(owner, { ...post, postId: newId() });
    expect(missing).toEqual({ __typename: 'ChangeRejected', reason: 'POST_NOT_FOUND', message: expect.any(String) });
    expect(await change(other, post)).toEqual(missing);
    await expectUnchanged(post);
  });

  it('refuses anonymous requests as UNAUTHENTICATED, and changes nothing', async () => {
    const post = await postWithAttachments(owner, 2);
    expect(await errorCode(change(anonymous, post))).toBe('UNAUTHENTICATED');
    await expectUnchanged(post);
  });

  it("does the owner's change", async () => {
    const post = await postWithAttachments(owner, 2);
    expect((await change(owner, post)).__typename).not.toBe('ChangeRejected');
    expect(await attachmentIds(owner, post.postId)).not.toEqual(post.fileIds);
  });
});

describe('clearAvatar', () => {
  it("clears only the viewer's own avatar; anonymous requests are UNAUTHENTICATED", async () => {
    const result = await createUploadClient(owner).uploadFile(
      new File([solidPng(4, 4, [1, 2, 3])], 'me.png', { type: 'image/png' }),
      { purpose: 'AVATAR' },
    );
    if (!result.ok) throw new Error(result.reason);

    expect(await errorCode(anonymous(ClearAvatarDocument, {}))).toBe('UNAUTHENTICATED');
    // Another user has no avatar: clearing theirs is a no-op that touches nobody else's.
    expect((await other(ClearAvatarDocument, {})).clearAvatar).toMatchObject({
      removedFileId: null,
      viewer: { avatar: null },
    });
    expect((await owner(ViewerDocument, {})).viewer?.avatar?.id).toBe(result.file.id);
    expect(await api.storage.head(result.file.key)).not.toBeNull();

    const cleared = (await owner(ClearAvatarDocument, {})).clearAvatar;
    expect(cleared).toMatchObject({ removedFileId: result.file.id, viewer: { avatar: null } });
    expect(await api.storage.head(result.file.key)).toBeNull();
    // Idempotent: nothing left to clear.
    expect((await owner(ClearAvatarDocument, {})).clearAvatar.removedFileId).toBeNull();
  });
});
