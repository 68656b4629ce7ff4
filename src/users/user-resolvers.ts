import type { QueryResolvers, UserResolvers } from '../generated/graphql.ts';

export const userQueryResolvers: QueryResolvers = {
  async viewer(_root, _args, { viewer, loaders }) {
    const signedIn = await viewer.current();
    return signedIn ? loaders.userById.load(signedIn.id) : null;
  },
};

export const User: UserResolvers = {
  avatar: (user, _args, { loaders }) => (user.avatarId ? loaders.fileById.load(user.avatarId) : null),
  posts: (user, { first, after }, { services }) => services.posts.listPosts({ first, after, authorId: user.id }),
};
