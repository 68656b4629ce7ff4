import { fileURLToPath } from 'node:url';
import { startApp } from './app.ts';
import { ConfigError, loadConfig } from './config/config.ts';
import { createLogger } from './shared/logger.ts';

const projectDir = fileURLToPath(new URL('..', import.meta.url));

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
  logger.fatal({ err: error }, 'start-up failed');
  process.exit(1);
});

// Before the banner: whoever waits for it may signal at once.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    app.stop().then(
      () => process.exit(0),
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
process.stdout.write(
  [
    '',
    `GraphQL API ready at ${app.graphqlUrl}`,
    ...(config.env === 'production' ? [] : [`Demo page: ${app.graphqlUrl.replace(/graphql$/, 'demo')}`]),
    ...(token ? [`Dev token (user "dev-user", ${lifetime}): ${token}`, `More tokens: npm run token -- NAME`] : []),
    '',
  ].join('\n') + '\n',
);
