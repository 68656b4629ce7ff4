import { fileURLToPath } from 'node:url';
import { startApp } from './app.ts';
import { ConfigError, loadConfig } from './config/config.ts';
import { MigrationError } from './db/migration-engine.ts';
import { createLogger } from './shared/logger.ts';

// From src/main.ts and from the compiled dist/main.js alike, the project is one level up.
const projectDir = fileURLToPath(new URL('..', import.meta.url));
// What the steps after the drain (closing the pool, the store client, embedded servers) may take.
const SHUTDOWN_BACKSTOP_SECONDS = 10;

let config;
try {
  config = loadConfig(process.env, projectDir);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Configuration error: ${error.message}\nSee the configuration table in README.md.\n`);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
const app = await startApp(config, logger).catch((error: unknown) => {
  // A schema that is not current says what to run; anything else is logged with its cause.
  const migration = error instanceof MigrationError;
  logger.fatal({ err: error }, migration ? `start-up stopped: ${error.message}` : 'start-up failed');
  process.exit(1);
});

// Before the banner: whoever waits for it may signal at once.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    const graceSeconds = config.http.shutdownGraceSeconds;
    logger.info({ signal, graceSeconds }, 'shutting down: finishing in-flight requests');
    // Backstop for a step after the drain that hangs (a pool waiting for a client that never
    // comes back): the process must still end, and say it did not end cleanly.
    setTimeout(
      () => {
        logger.error(`shutdown did not finish within ${graceSeconds + SHUTDOWN_BACKSTOP_SECONDS} s: exiting`);
        process.exit(1);
      },
      (graceSeconds + SHUTDOWN_BACKSTOP_SECONDS) * 1000,
    ).unref();
    app.stop().then(
      // Cut requests were logged by the drain; the exit code tells the orchestrator as well.
      ({ cutRequests }) => process.exit(cutRequests > 0 ? 1 : 0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

// startApp signs nothing in production: a token printed to a log is a credential for anyone who reads it.
const token = await app.signToken?.('dev-user', 'Dev User');
const lifetime = `${Math.round(config.tokens.maxLifetimeSeconds / 360) / 10} h`;
// Production's stdout is a JSON log stream for collectors: the banner is one of its lines there.
if (config.env === 'production') logger.info({ graphqlUrl: app.graphqlUrl }, 'GraphQL API ready');
else
  process.stdout.write(
    [
      '',
      `GraphQL API ready at ${app.graphqlUrl}`,
      `Demo page: ${app.graphqlUrl.replace(/graphql$/, 'demo')}`,
      ...(token ? [`Dev token (user "dev-user", ${lifetime}): ${token}`, `More tokens: npm run token -- NAME`] : []),
      '',
    ].join('\n') + '\n',
  );
