import type { Viewer } from '../auth/identity.ts';
import type { Database, Transaction } from '../db/prisma.ts';
import type { Logger } from '../shared/logger.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { deleteObjects } from '../uploads/cleanup/object-cleanup.ts';
import { removeAttachment, reorderAttachments } from './attachment-changes.ts';
import { clearAvatar } from './clear-avatar.ts';
import { deletePost } from './delete-post.ts';
import type {
  ClearedAvatarRecord,
  DeletePostResult,
  LinkChange,
  RemoveAttachmentResult,
  ReorderAttachmentsResult,
} from './link-model.ts';

/** Changes to what is linked where: only the owner's, each in one transaction. */
export interface FileLinkService {
  removeAttachment(viewer: Viewer, postId: string, fileId: string): Promise<RemoveAttachmentResult>;
  reorderAttachments(viewer: Viewer, postId: string, fileIds: readonly string[]): Promise<ReorderAttachmentsResult>;
  clearAvatar(viewer: Viewer): Promise<ClearedAvatarRecord>;
  deletePost(viewer: Viewer, postId: string): Promise<DeletePostResult>;
}

export function createFileLinkService(deps: { db: Database; storage: ObjectStorage; logger: Logger }): FileLinkService {
  /** Runs the change, then deletes the objects it unlinked (a failure there leaves them to the sweeper). */
  async function change<T>(run: (tx: Transaction) => Promise<LinkChange<T>>): Promise<T> {
    // Within the configured deadlines (DB_CONNECT_TIMEOUT_MS, DB_TRANSACTION_TIMEOUT_MS).
    const { result, unlinked } = await deps.db.$transaction(run);
    await deleteObjects(deps, unlinked);
    return result;
  }
  return {
    removeAttachment: (viewer, postId, fileId) => change((tx) => removeAttachment(tx, viewer, postId, fileId)),
    reorderAttachments: (viewer, postId, fileIds) => change((tx) => reorderAttachments(tx, viewer, postId, fileIds)),
    clearAvatar: (viewer) => change((tx) => clearAvatar(tx, viewer)),
    deletePost: (viewer, postId) => change((tx) => deletePost(tx, viewer, postId)),
  };
}
