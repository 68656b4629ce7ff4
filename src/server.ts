import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { TokenVerifier } from './auth/token-verifier.ts';
import type { Database } from './db/prisma.ts';
import { createContext, type GraphQLContext } from './graphql/context.ts';
import { createErrorFormatter } from './graphql/format-error.ts';
import { rateLimitedResponses } from './graphql/rate-limited-responses.ts';
import { operationLimits, type OperationLimits } from './graphql/limits.ts';
import { resolvers } from './graphql/resolvers.ts';
import type { CorsPolicy } from './http/cors.ts';
import { checkDependencies } from './http/dependency-checks.ts';
import { trackRequests, type DrainReport } from './http/drain.ts';
import { createRequestHandler } from './http/request-handler.ts';
import type { Metrics } from './observability/metrics.ts';
import { recordOperations } from './observability/operation-record.ts';
import { withUploadMetrics } from './observability/upload-metrics.ts';
import { createPostService } from './posts/post-service.ts';
import { createFileLinkService } from './file-links/link-service.ts';
import type { RateLimits } from './rate-limits/rate-limits.ts';
import type { Logger } from './shared/logger.ts';
import type { ObjectStorage } from './storage/object-storage.ts';
import { createDeferredDeletes } from './uploads/cleanup/deferred-deletes.ts';
import { markObjectDeleted, onPool } from './uploads/cleanup/object-cleanup.ts';
import { createUploadService, type UploadService, type UploadSettings } from './uploads/upload-service.ts';
import { createUserService } from './users/user-service.ts';

export const SCHEMA_FILE = new URL('../schema.graphql', import.meta.url);

export interface ServerDeps {
  db: Database;
  storage: ObjectStorage;
  verifyToken: TokenVerifier;
  logger: Logger;
  uploads: UploadSettings;
  /** Apollo Sandbox on GET /graphql and introspection: development conveniences. */
  sandbox: boolean;
  introspection: boolean;
  limits: OperationLimits;
  /** The demo page at /demo (development only: it bundles its script with esbuild on demand). */
  demo: boolean;
  cors: CorsPolicy;
  maxBodyBytes: number;
  rateLimits: RateLimits;
  trustedProxies: number;
  /** Served at /metrics when given. */
  metrics?: Metrics | undefined;
}

export interface BuiltServer {
  /** Not listening yet: the caller picks host and port (tests use port 0). */
  httpServer: Server;
  /**
   * Turns readiness down, stops accepting connections, lets in-flight requests finish for up to
   * `graceMs` (then cuts them), then stops Apollo and sends the deletes queued by confirms.
   * Does not close the database.
   */
  stop(graceMs: number): Promise<DrainReport>;
}

/** Builds the HTTP server with everything wired in, without listening. */
export async function buildServer(deps: ServerDeps): Promise<BuiltServer> {
  // Sent before stop() returns: the storage and the pool it uses are closed after the server.
  const deferredDeletes = createDeferredDeletes({
    storage: deps.storage,
    logger: deps.logger,
    markFilesDeleted: (ids) => markObjectDeleted(onPool(deps.db), 'file', ids),
  });
  const services = {
    users: createUserService(deps.db),
    posts: createPostService(deps.db),
    uploads: measured(
      createUploadService(deps.db, deps.storage, deps.logger, deps.uploads, deps.rateLimits, deferredDeletes),
      deps,
    ),
    links: createFileLinkService(deps),
  };
  const httpServer = createServer();
  const requests = trackRequests(httpServer, deps.logger);
  const apollo = createApollo(deps);
  await apollo.start();

  httpServer.on(
    'request',
    createRequestHandler({
      apollo,
      contextFor: (request) =>
        createContext({ db: deps.db, services, verifyToken: deps.verifyToken, rateLimits: deps.rateLimits }, request),
      probes: { check: () => checkDependencies(deps), draining: () => requests.draining },
      cors: deps.cors,
      maxBodyBytes: deps.maxBodyBytes,
      rateLimits: deps.rateLimits,
      trustedProxies: deps.trustedProxies,
      logger: deps.logger,
      metrics: deps.metrics,
      // Imported only when enabled (development): production does not load the demo's module.
      demo: deps.demo ? (await import('./demo/demo-page.ts')).createDemoPage() : undefined,
    }),
  );
  return {
    httpServer,
    async stop(graceMs) {
      const report = await requests.drain(graceMs);
      await apollo.stop();
      await deferredDeletes.close();
      return report;
    },
  };
}

/** Apollo with the schema, the operation limits, the error formatting and the plugins; not started. */
function createApollo(deps: Pick<ServerDeps, 'limits' | 'introspection' | 'logger' | 'metrics' | 'sandbox'>) {
  const limits = operationLimits(deps.limits);
  return new ApolloServer<GraphQLContext>({
    typeDefs: readFileSync(SCHEMA_FILE, 'utf8'),
    resolvers,
    introspection: deps.introspection,
    includeStacktraceInErrorResponses: false,
    // Without introspection the schema is not public: no "Did you mean …?" in error messages either.
    hideSchemaDetailsFromClientErrors: !deps.introspection,
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    // One operation per HTTP request (the default, stated): batches would bypass the limits above.
    allowBatchedHttpRequests: false,
    // The composition root owns shutdown (it also closes the pool and embedded servers, in order);
    // Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(deps.logger, deps.metrics),
    plugins: [
      // No drain plugin: buildServer's `requests` (http/drain.ts) drains with the configured grace and counts cuts.
      ...limits.plugins,
      rateLimitedResponses,
      recordOperations<GraphQLContext>(),
      // The schema has no cache hints, so the cache-control plugin only ever concluded "no-store",
      // after wrapping every field resolver to collect hints: the request handler sets that header.
      ApolloServerPluginCacheControlDisabled(),
      deps.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}

function measured(uploads: UploadService, deps: Pick<ServerDeps, 'metrics'>): UploadService {
  return deps.metrics ? withUploadMetrics(uploads, deps.metrics) : uploads;
}
