import type { OrphanedObject } from '../uploads/cleanup/object-cleanup.ts';

/** One meaning per reason; someone else's post is POST_NOT_FOUND, so its existence is not revealed. */
export type ChangeRejectionReason = 'POST_NOT_FOUND' | 'ATTACHMENT_NOT_FOUND' | 'ORDER_MISMATCH';

/** An expected refusal of a change: returned as data, never thrown. */
export interface ChangeRejection {
  kind: 'change-rejected';
  reason: ChangeRejectionReason;
  message: string;
}

export const POST_NOT_FOUND: ChangeRejection = {
  kind: 'change-rejected',
  reason: 'POST_NOT_FOUND',
  message: 'No post with this id is yours.',
};

export function refuseChange(reason: ChangeRejectionReason, message: string): ChangeRejection {
  return { kind: 'change-rejected', reason, message };
}

export interface RemovedAttachmentRecord {
  kind: 'removed-attachment';
  postId: string;
  removedFileId: string;
}

export interface ReorderedAttachmentsRecord {
  kind: 'reordered-attachments';
  postId: string;
}

export interface ClearedAvatarRecord {
  kind: 'cleared-avatar';
  viewerId: string;
  removedFileId: string | null;
}

export interface DeletedPostRecord {
  kind: 'deleted-post';
  deletedPostId: string;
  viewerId: string;
}

export type RemoveAttachmentResult = RemovedAttachmentRecord | ChangeRejection;
export type ReorderAttachmentsResult = ReorderedAttachmentsRecord | ChangeRejection;
export type DeletePostResult = DeletedPostRecord | ChangeRejection;

/** What a change's transaction decided, and the objects nothing links any more once it committed. */
export interface LinkChange<T> {
  result: T;
  unlinked: OrphanedObject[];
}

/** Every kind of record the link resolvers return in a union. */
export type LinkResultKind = (RemoveAttachmentResult | ReorderAttachmentsResult | DeletePostResult)['kind'];
