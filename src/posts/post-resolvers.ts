import type {
  MutationResolvers,
  PostConnectionResolvers,
  PostResolvers,
  QueryResolvers,
} from '../generated/graphql.ts';

export const postQueryResolvers: QueryResolvers = {
  post: (_root, { id }, { loaders }) => loaders.postById.load(id),
  posts: (_root, { first, after }, { services }) => services.posts.listPosts({ first, after }),
};

export const postMutationResolvers: MutationResolvers = {
  async createPost(_root, { input }, { viewer, services }) {
    return services.posts.createPost(await viewer.require(), input.title);
  },
};

export const Post: PostResolvers = {
  async author(post, _args, { loaders }) {
    const author = await loaders.userById.load(post.authorId);
    // A foreign key guarantees the author; missing means the database is inconsistent.
    if (!author) throw new Error(`Post ${post.id} has no author`);
    return author;
  },
  attachments: (post, _args, { loaders }) => loaders.attachmentsByPostId.load(post.id),
};

export const PostConnection: PostConnectionResolvers = {
  edges: (page) => page.items,
  pageInfo: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.endCursor }),
};
