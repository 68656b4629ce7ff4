import type { TokenVerifier } from '../auth/token-verifier.ts';
import { createViewerSession, type ViewerSession } from '../auth/viewer-session.ts';
import type { Database } from '../db/prisma.ts';
import { createPostLoaders } from '../posts/post-loaders.ts';
import type { PostService } from '../posts/post-service.ts';
import { createFileLoaders } from '../uploads/file-loaders.ts';
import type { UploadService } from '../uploads/upload-service.ts';
import { createUserLoaders } from '../users/user-loaders.ts';
import type { UserService } from '../users/user-service.ts';

export interface Services {
  users: UserService;
  posts: PostService;
  uploads: UploadService;
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface GraphQLContext {
  viewer: ViewerSession;
  loaders: Loaders;
  services: Services;
}

export interface ContextDeps {
  db: Database;
  services: Services;
  verifyToken: TokenVerifier;
}

/** Per request: the viewer from the bearer token, and fresh loaders so no cache outlives it. */
export function createContext(deps: ContextDeps, authorization: string | undefined): GraphQLContext {
  return {
    viewer: createViewerSession(authorization, deps.verifyToken, (identity) =>
      deps.services.users.ensureUser(identity),
    ),
    loaders: createLoaders(deps.db),
    services: deps.services,
  };
}

function createLoaders(db: Database) {
  return { ...createUserLoaders(db), ...createPostLoaders(db), ...createFileLoaders(db) };
}
