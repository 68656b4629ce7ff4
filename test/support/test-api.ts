import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp, type RunningApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { graphqlClient, type GraphQLClient } from './graphql-client.ts';
import { OUT_OF_REACH_RATE_LIMITS } from './rate-limit-env.ts';
import { createTestDatabase } from './test-database.ts';

export const PROJECT_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export type { GraphQLResponse } from './graphql-client.ts';

export interface TestApi extends RunningApp, GraphQLClient {
  /** The configuration it runs with. */
  config: Config;
  /** Every SQL statement the app ran since the last reset. */
  queries: string[];
  /** A bearer token for user `subject`. */
  token(subject: string, name?: string): Promise<string>;
}

/**
 * The real server, as `npm start` builds it, on a free port with a database of its own (copied
 * from the migrated template) and its own s3rver. `env` overrides any configuration variable.
 */
export async function startTestApi(
  env: Record<string, string> = {},
  options: { logLines?: string[] } = {},
): Promise<TestApi> {
  const database = await createTestDatabase();
  const s3Dir = await mkdtemp(path.join(tmpdir(), 'upload-tickets-s3-'));
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: database.url,
      LOCAL_S3_PORT: '0',
      LOCAL_S3_DATA_DIR: s3Dir,
      JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
      ...OUT_OF_REACH_RATE_LIMITS,
      ...env,
    },
    PROJECT_DIR,
  );
  const queries: string[] = [];
  const logLines = options.logLines;
  const logger = logLines
    ? createLogger(config.logLevel, { write: (line: string) => void logLines.push(line) })
    : createLogger(config.logLevel);
  const app = await startApp(config, logger, { onQuery: (sql) => queries.push(sql) });
  return {
    ...app,
    config,
    queries,
    token(subject, name) {
      if (!app.signToken) throw new Error('This server does not sign tokens (JWKS mode)');
      return app.signToken(subject, name);
    },
    ...graphqlClient(app.graphqlUrl),
    async stop() {
      const report = await app.stop();
      await database.drop();
      await rm(s3Dir, { recursive: true, force: true });
      return report;
    },
  };
}
