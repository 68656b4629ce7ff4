import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadOrCreateDevSecret } from './auth/dev-secret.ts';
import { signDevToken } from './auth/dev-token.ts';
import { createTokenVerifier, type TokenVerifierSettings } from './auth/token-verifier.ts';
import type { AuthConfig, Config } from './config/config.ts';
import { prepareSchema } from './db/schema-on-start.ts';
import { createDatabase, type Database } from './db/prisma.ts';
import type { DrainReport } from './http/drain.ts';
import { provideDatabase, provideRateLimits, provideStorage, ShutdownSteps } from './infrastructure.ts';
import { createMetrics } from './observability/metrics.ts';
import { withStorageMetrics } from './observability/storage-metrics.ts';
import { buildServer, type ServerDeps } from './server.ts';
import { startPeriodicSweep } from './uploads/cleanup/sweep-schedule.ts';
import type { Logger } from './shared/logger.ts';
import type { ObjectStorage } from './storage/object-storage.ts';

export interface RunningApp {
  /** e.g. http://127.0.0.1:4000/graphql */
  graphqlUrl: string;
  db: Database;
  storage: ObjectStorage;
  /**
   * Signs a token the server accepts (living as long as it allows), when the server knows its
   * secret: never in production, nor with a JWKS.
   */
  signToken: ((subject: string, name?: string) => Promise<string>) | undefined;
  /**
   * Graceful: in-flight requests finish (for up to SHUTDOWN_GRACE_SECONDS, then they are cut),
   * then the pool closes and embedded servers stop. Says how many requests were cut.
   */
  stop(): Promise<DrainReport>;
}

export interface StartOptions {
  /** Called with every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
}

/**
 * The composition root: config → infrastructure (embedded when not configured) → clients →
 * server, listening. Everything it started is stopped by `stop`, in reverse order.
 */
export async function startApp(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningApp> {
  const stops = new ShutdownSteps(logger);
  let report: DrainReport = { cutRequests: 0 };
  const stop = async () => {
    await stops.runAll();
    return report;
  };
  try {
    const databaseUrl = await provideDatabase(config.database, logger, stops);
    await prepareSchema(databaseUrl, config.migrateOnStart, logger);

    const metrics = createMetrics();
    const storage = withStorageMetrics(
      await provideStorage(config.storage, logger, stops, config.storageTimeoutMs),
      metrics,
    );
    const { verifier, secret } = await provideAuth(config.auth);
    const db = createDatabase({
      url: databaseUrl,
      limits: config.databaseLimits,
      metrics,
      ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    });
    stops.add('database pool', () => db.$disconnect());
    const rateLimits = await provideRateLimits(config, logger, stops);

    if (config.sweep.intervalSeconds > 0) {
      const sweeper = startPeriodicSweep({ db, storage, logger, metrics }, config.sweep);
      stops.add('periodic sweep', () => sweeper.stop());
    }

    const server = await buildServer({
      db,
      storage,
      verifyToken: createTokenVerifier(verifier, config.tokens),
      logger,
      rateLimits,
      metrics,
      ...serverSettings(config),
    });
    await listen(server.httpServer, config);
    stops.add('HTTP server (in-flight requests finish)', async () => {
      report = await server.stop(config.http.shutdownGraceSeconds * 1000);
    });
    const { port } = server.httpServer.address() as AddressInfo;
    return {
      graphqlUrl: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/graphql`,
      db,
      storage,
      signToken: devTokenSigner(config, secret),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** What the server takes from the configuration as it is. */
function serverSettings(config: Config) {
  return {
    uploads: config.uploads,
    sandbox: config.env !== 'production',
    demo: config.env !== 'production',
    introspection: config.graphql.introspection,
    limits: config.graphql.limits,
    cors: config.http.cors,
    maxBodyBytes: config.http.maxBodyBytes,
    trustedProxies: config.http.trustedProxies,
  } satisfies Partial<ServerDeps>;
}

/** Applies the connection timeouts, and listens. */
async function listen(http: Server, config: Pick<Config, 'host' | 'port' | 'http'>): Promise<void> {
  http.keepAliveTimeout = config.http.keepAliveTimeoutSeconds * 1000;
  // Headers of the next request on a kept-alive connection may arrive just before it closes.
  http.headersTimeout = Math.min(http.keepAliveTimeout + 5_000, config.http.requestTimeoutSeconds * 1000);
  http.requestTimeout = config.http.requestTimeoutSeconds * 1000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, resolve);
  });
}

/** RunningApp.signToken: only where the server knows its own secret, and never in production. */
function devTokenSigner(
  config: Pick<Config, 'auth' | 'env' | 'tokens'>,
  secret: string | undefined,
): RunningApp['signToken'] {
  const auth = config.auth;
  if (secret === undefined || auth.kind === 'jwks' || config.env === 'production') return undefined;
  return (subject, name) =>
    signDevToken(secret, subject, {
      ...(name ? { name } : {}),
      expiresInSeconds: config.tokens.maxLifetimeSeconds,
      ...(auth.kind === 'secret' ? { issuer: auth.issuer, audience: auth.audience } : {}),
    });
}

async function provideAuth(
  config: AuthConfig,
): Promise<{ verifier: TokenVerifierSettings; secret: string | undefined }> {
  switch (config.kind) {
    case 'jwks':
      return { verifier: config, secret: undefined };
    case 'secret':
      return { verifier: { ...config, secret: new TextEncoder().encode(config.secret) }, secret: config.secret };
    case 'dev-secret': {
      const secret = await loadOrCreateDevSecret(config.file);
      return { verifier: { kind: 'secret', secret: new TextEncoder().encode(secret) }, secret };
    }
    default: {
      const unknown: never = config;
      throw new Error(`Unknown auth config ${JSON.stringify(unknown)}`);
    }
  }
}
