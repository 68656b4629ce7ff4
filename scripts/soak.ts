// npm run soak [-- --seconds 60 --concurrency 50]: a bounded soak of the whole flow against a
// real PostgreSQL (throw-away embedded cluster) and s3rver on loopback. Each worker loops
// request → POST → confirm; 1 in 20 uploads is spoofed (HTML as PNG), 1 in 20 is never uploaded.
// Afterwards every ticket is checked against the database and the store, and a JSON report is
// printed. Exit code 1 if any request failed or any invariant broke.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startApp } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import { startEmbeddedPostgres } from '../src/dev/embedded-postgres.ts';
import { createLogger } from '../src/shared/logger.ts';
import { OUT_OF_REACH_RATE_LIMITS } from '../test/support/rate-limit-env.ts';
import { checkInvariants } from './soak-invariants.ts';
import { soakWorker, type SoakTally } from './soak-worker.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, concurrency: { type: 'string', default: '50' } },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

const scratch = await mkdtemp(path.join(tmpdir(), 'upload-tickets-soak-'));
const postgres = await startEmbeddedPostgres({
  dataDir: path.join(tmpdir(), `upload-tickets-soak-pg-${randomBytes(4).toString('hex')}`),
  port: 54390,
  throwAway: true,
});
const config = loadConfig(
  {
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: postgres.url,
    LOCAL_S3_PORT: '0',
    LOCAL_S3_DATA_DIR: path.join(scratch, 's3'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
    MAX_PENDING_UPLOADS_PER_USER: '100000',
    ...OUT_OF_REACH_RATE_LIMITS,
    SWEEP_INTERVAL_SECONDS: '0',
  },
  process.cwd(),
);
const app = await startApp(config, createLogger(config.logLevel));
const signToken = app.signToken;
if (!signToken) throw new Error('the soak server signs its own tokens');
const tally: SoakTally = { requested: 0, uploaded: 0, confirmed: 0, rejected: 0, notUploaded: 0, errors: [] };
try {
  const deadline = Date.now() + seconds * 1000;
  const tokens = await Promise.all(Array.from({ length: concurrency }, (_, i) => signToken(`soak-${i}`)));
  await Promise.all(tokens.map((token) => soakWorker(app.graphqlUrl, token, deadline, tally)));
  const invariants = await checkInvariants(app.db, app.storage);
  const report = {
    seconds,
    concurrency,
    ...tally,
    errors: tally.errors.length,
    firstErrors: tally.errors.slice(0, 5),
    invariants,
  };
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = tally.errors.length === 0 && invariants.violations.length === 0 ? 0 : 1;
} finally {
  await app.stop();
  await postgres.stop();
  await rm(scratch, { recursive: true, force: true });
}
process.exit(process.exitCode);
