// The baseline of the posts-page benchmark: the same schema, HTTP handling and URL signing as the
// API, but Post.author, Post.attachments and User.avatar resolved with one query per parent, as
// resolvers written without DataLoaders do (the N+1 pattern). Its own process, configured like the
// API; answers `sql` and `reset` over IPC as harness/api-server.ts does.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { createTokenVerifier } from '../../../src/auth/token-verifier.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { createDatabase } from '../../../src/db/prisma.ts';
import { createContext, type GraphQLContext } from '../../../src/graphql/context.ts';
import { operationLimits } from '../../../src/graphql/limits.ts';
import { resolvers } from '../../../src/graphql/resolvers.ts';
import { createRateLimits } from '../../../src/rate-limits/rate-limits.ts';
import { createRequestHandler } from '../../../src/http/request-handler.ts';
import { provideStorage, ShutdownSteps } from '../../../src/infrastructure.ts';
import type { PostRecord } from '../../../src/posts/post-model.ts';
import { createPostService } from '../../../src/posts/post-service.ts';
import { SCHEMA_FILE } from '../../../src/server.ts';
import { createLogger } from '../../../src/shared/logger.ts';
import { FILE_FIELDS, toFileRecord } from '../../../src/uploads/file-rows.ts';
import { createUploadService } from '../../../src/uploads/upload-service.ts';
import type { UserRecord } from '../../../src/users/user-model.ts';
import { createDeferredDeletes } from '../../../src/uploads/cleanup/deferred-deletes.ts';
import { markObjectDeleted, onPool } from '../../../src/uploads/cleanup/object-cleanup.ts';
import { createUserService } from '../../../src/users/user-service.ts';
import { createFileLinkService } from '../../../src/file-links/link-service.ts';
import { close, listen, serveBenchProcess } from '../harness/processes.ts';

const config = loadConfig(process.env, fileURLToPath(new URL('../../..', import.meta.url)));
if (config.auth.kind !== 'secret') throw new Error('the naive server is configured with JWT_SECRET');
const logger = createLogger(config.logLevel);
const steps = new ShutdownSteps(logger);
let statements: string[] = [];
const db = createDatabase({ url: process.env['DATABASE_URL']!, onQuery: (sql) => statements.push(sql) });
steps.add('database pool', () => db.$disconnect());
const storage = await provideStorage(config.storage, logger, steps);
const rateLimits = createRateLimits(config.rateLimits);
const deferredDeletes = createDeferredDeletes({
  storage,
  logger,
  markFilesDeleted: (ids) => markObjectDeleted(onPool(db), 'file', ids),
});
steps.add('deferred deletes', () => deferredDeletes.close());
const services = {
  users: createUserService(db),
  posts: createPostService(db),
  uploads: createUploadService(db, storage, logger, config.uploads, rateLimits, deferredDeletes),
  links: createFileLinkService({ db, storage, logger }),
};
const limits = operationLimits(config.graphql.limits);
const verifyToken = createTokenVerifier(
  { ...config.auth, secret: new TextEncoder().encode(config.auth.secret) },
  config.tokens,
);

// findFirst, not findUnique: Prisma batches the findUnique calls of one tick into a single query
// (a DataLoader of its own), which would hide the pattern this baseline stands for.
const apollo = new ApolloServer<GraphQLContext>({
  typeDefs: readFileSync(SCHEMA_FILE, 'utf8'),
  resolvers: {
    ...resolvers,
    Post: {
      ...resolvers.Post,
      async author(post: PostRecord) {
        const author = await db.user.findFirst({
          where: { id: post.authorId },
          select: { id: true, name: true, avatarId: true },
        });
        if (!author) throw new Error(`Post ${post.id} has no author`);
        return author;
      },
      async attachments(post: PostRecord) {
        const links = await db.postAttachment.findMany({
          where: { postId: post.id },
          orderBy: { position: 'asc' },
          select: { fileId: true },
        });
        return Promise.all(
          links.map(async ({ fileId }) =>
            toFileRecord(await db.file.findFirstOrThrow({ where: { id: fileId }, select: FILE_FIELDS })),
          ),
        );
      },
    },
    User: {
      ...resolvers.User,
      async avatar(user: UserRecord) {
        if (!user.avatarId) return null;
        const file = await db.file.findFirst({ where: { id: user.avatarId }, select: FILE_FIELDS });
        return file && toFileRecord(file);
      },
    },
  },
  // The same operation limits as the API, so both do the same work per request.
  parseOptions: limits.parseOptions,
  validationRules: limits.validationRules,
  plugins: limits.plugins,
  stopOnTerminationSignals: false,
});
await apollo.start();
steps.add('apollo', () => apollo.stop());

const httpServer = createServer(
  createRequestHandler({
    apollo,
    contextFor: (request) => createContext({ db, services, verifyToken, rateLimits }, request),
    probes: { check: () => Promise.resolve({ database: 'ok', storage: 'ok' }), draining: () => false },
    cors: config.http.cors,
    maxBodyBytes: config.http.maxBodyBytes,
    rateLimits,
    trustedProxies: config.http.trustedProxies,
    logger,
  }),
);
const graphqlUrl = `${await listen(httpServer)}/graphql`;
steps.add('HTTP server', () => close(httpServer));

serveBenchProcess(
  { graphqlUrl },
  {
    sql: () => statements,
    reset: () => {
      statements = [];
    },
  },
  () => steps.runAll(),
);
