// Configuration for urql's graphcache: `cacheExchange({ schema: uploadCacheSchema, keys:
// uploadCacheKeys })`. With the schema, graphcache knows the result unions and what may be null,
// so it matches fragments exactly instead of guessing (and warning). Users, posts, files and
// tickets are keyed by `id`, graphcache's default: that is what lets an upload's confirm update
// `viewer.avatar` and `Post.attachments` in the cache by itself. Plain data: importing this loads
// no graphcache code.
export { default as uploadCacheSchema } from '../generated/client/graphcache-schema.ts';

/**
 * The API's object types without an `id` are values, not entities: graphcache embeds them in
 * their parent instead of warning that it cannot key them. Spread it into your own `keys`.
 */
export const uploadCacheKeys: Readonly<Record<string, () => null>> = {
  AbortedUpload: () => null,
  ChangeRejected: () => null,
  ClearedAvatar: () => null,
  ConfirmedUpload: () => null,
  DeletedPost: () => null,
  FormField: () => null,
  HttpHeader: () => null,
  PageInfo: () => null,
  PostConnection: () => null,
  PostEdge: () => null,
  RemovedAttachment: () => null,
  ReorderedAttachments: () => null,
  UploadedPart: () => null,
  UploadedParts: () => null,
  UploadPartUrl: () => null,
  UploadPartUrls: () => null,
  UploadRejected: () => null,
};

/** What graphcache's `cache` offers that the updates below use (its `Cache` has it). */
interface InvalidatingCache {
  invalidate(entity: { __typename: string; id: string }): void;
}

/**
 * The one change that data alone cannot tell a cache: a post that is gone. Spread into your
 * `updates.Mutation`: `cacheExchange({ schema, keys, updates: { Mutation: uploadCacheUpdates } })`.
 * Invalidating the post drops it from every cached list and query, which graphcache then refetches.
 */
export const uploadCacheUpdates = {
  deletePost(
    result: { deletePost?: { __typename?: string; deletedPostId?: string } },
    _args: unknown,
    cache: InvalidatingCache,
  ) {
    const deleted = result.deletePost;
    if (deleted?.__typename === 'DeletedPost' && deleted.deletedPostId) {
      cache.invalidate({ __typename: 'Post', id: deleted.deletedPostId });
    }
  },
};
