import type {
  ClearedAvatarResolvers,
  DeletedPostResolvers,
  DeletePostResultResolvers,
  MutationResolvers,
  RemoveAttachmentResultResolvers,
  RemovedAttachmentResolvers,
  ReorderAttachmentsResultResolvers,
  ReorderedAttachmentsResolvers,
} from '../generated/graphql.ts';
import type { GraphQLContext, Loaders } from '../graphql/context.ts';
import type { LinkResultKind } from './link-model.ts';

export const linkMutationResolvers: MutationResolvers = {
  async removeAttachment(_root, { input }, { viewer, services, loaders }) {
    const result = await services.links.removeAttachment(await viewer.require(), input.postId, input.fileId);
    if (result.kind === 'removed-attachment') loaders.attachmentsByPostId.clear(result.postId);
    return result;
  },
  async reorderAttachments(_root, { input }, { viewer, services, loaders }) {
    const result = await services.links.reorderAttachments(await viewer.require(), input.postId, input.fileIds);
    if (result.kind === 'reordered-attachments') loaders.attachmentsByPostId.clear(result.postId);
    return result;
  },
  async clearAvatar(_root, _args, { viewer, services, loaders }) {
    const result = await services.links.clearAvatar(await viewer.require());
    loaders.userById.clear(result.viewerId);
    return result;
  },
  async deletePost(_root, { input }, { viewer, services, loaders }) {
    const result = await services.links.deletePost(await viewer.require(), input.postId);
    if (result.kind === 'deleted-post') loaders.postById.clear(result.deletedPostId);
    return result;
  },
};

/** Union members by the records' `kind`; `satisfies` keeps it exhaustive. */
const byKind = {
  'change-rejected': 'ChangeRejected',
  'removed-attachment': 'RemovedAttachment',
  'reordered-attachments': 'ReorderedAttachments',
  'deleted-post': 'DeletedPost',
} as const satisfies Record<LinkResultKind, string>;

export const RemoveAttachmentResult: RemoveAttachmentResultResolvers = {
  __resolveType: (result) => byKind[result.kind],
};
export const ReorderAttachmentsResult: ReorderAttachmentsResultResolvers = {
  __resolveType: (result) => byKind[result.kind],
};
export const DeletePostResult: DeletePostResultResolvers = {
  __resolveType: (result) => byKind[result.kind],
};

/** The changed post, read after the change: it is the viewer's and exists (the change held its lock). */
async function changedPost(postId: string, loaders: Loaders) {
  const post = await loaders.postById.load(postId);
  if (!post) throw new Error(`Post ${postId} vanished after a change`);
  return post;
}

async function viewerRecord(viewerId: string, { loaders }: GraphQLContext) {
  const user = await loaders.userById.load(viewerId);
  if (!user) throw new Error(`User ${viewerId} vanished after a change`);
  return user;
}

export const RemovedAttachment: RemovedAttachmentResolvers = {
  post: (removed, _args, { loaders }) => changedPost(removed.postId, loaders),
};
export const ReorderedAttachments: ReorderedAttachmentsResolvers = {
  post: (reordered, _args, { loaders }) => changedPost(reordered.postId, loaders),
};
export const ClearedAvatar: ClearedAvatarResolvers = {
  viewer: (cleared, _args, context) => viewerRecord(cleared.viewerId, context),
};
export const DeletedPost: DeletedPostResolvers = {
  viewer: (deleted, _args, context) => viewerRecord(deleted.viewerId, context),
};
