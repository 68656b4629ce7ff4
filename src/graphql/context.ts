import type { TokenVerifier } from '../auth/token-verifier.ts';
import { createViewerSession, type ViewerSession } from '../auth/viewer-session.ts';
import type { Database } from '../db/prisma.ts';
import { createPostLoaders, type PostLoaders } from '../posts/post-loaders.ts';
import type { OperationRecord } from '../observability/operation-record.ts';
import type { PostService } from '../posts/post-service.ts';
import type { RateLimits } from '../rate-limits/rate-limits.ts';
import { createFileLoaders, type FileLoaders } from '../uploads/file-loaders.ts';
import type { UploadService } from '../uploads/upload-service.ts';
import { createUserLoaders, type UserLoaders } from '../users/user-loaders.ts';
import type { UserService } from '../users/user-service.ts';
import type { FileLinkService } from '../file-links/link-service.ts';

export interface Services {
  users: UserService;
  posts: PostService;
  uploads: UploadService;
  links: FileLinkService;
}

export type Loaders = UserLoaders & PostLoaders & FileLoaders;

export interface GraphQLContext {
  viewer: ViewerSession;
  /** Where the request came from, as rate limits see it (see http/client-address.ts). */
  clientAddress: string;
  /** What the request did, for its log line and metrics (filled by an Apollo plugin). */
  operationRecord: OperationRecord;
  loaders: Loaders;
  services: Services;
  /**
   * The request's clock (ms since the epoch): every download URL of one response is signed for the
   * same window, and `File.url` and `File.urlExpiresAt` always agree.
   */
  now: number;
}

export interface ContextDeps {
  db: Database;
  services: Services;
  verifyToken: TokenVerifier;
  rateLimits: Pick<RateLimits, 'viewer'>;
}

export interface RequestIdentity {
  authorization: string | undefined;
  clientAddress: string;
  operationRecord: OperationRecord;
}

/**
 * Per request: the viewer from the bearer token, and fresh loaders so no cache outlives it. Both
 * are built on first use: most operations (every mutation of the upload flow) use no loader.
 */
export function createContext(deps: ContextDeps, request: RequestIdentity): GraphQLContext {
  return {
    viewer: createViewerSession(request.authorization, deps.verifyToken, async (identity) => {
      // Counted per verified subject: a forged token cannot spend someone else's allowance.
      await deps.rateLimits.viewer(identity.subject);
      return deps.services.users.ensureUser(identity);
    }),
    clientAddress: request.clientAddress,
    operationRecord: request.operationRecord,
    loaders: new LazyLoaders(deps.db),
    services: deps.services,
    now: Date.now(),
  };
}

/**
 * Getters that build a feature's loaders on first access and keep them for the request. A class:
 * its getters live on the prototype, where an object literal of getters was defined anew on every
 * request. `implements` makes a new loader fail to compile until it has its getter here.
 */
class LazyLoaders implements Loaders {
  private users: UserLoaders | undefined;
  private posts: PostLoaders | undefined;
  private files: FileLoaders | undefined;
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }
  get userById() {
    return (this.users ??= createUserLoaders(this.db)).userById;
  }
  get postById() {
    return (this.posts ??= createPostLoaders(this.db)).postById;
  }
  get fileById() {
    return (this.files ??= createFileLoaders(this.db)).fileById;
  }
  get attachmentsByPostId() {
    return (this.files ??= createFileLoaders(this.db)).attachmentsByPostId;
  }
}
