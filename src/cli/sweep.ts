// npm run sweep: deletes the objects of expired unconfirmed tickets, rejected tickets and
// replaced files once (see src/uploads/cleanup/sweeper.ts), then exits. Reads only the server's
// database and store variables (loadSweepConfig: no JWT_SECRET, it authenticates nobody), validated
// as the server validates them; safe to run while servers (which may sweep on their own) are running.
import { fileURLToPath } from 'node:url';
import { ConfigError, loadSweepConfig } from '../config/config.ts';
import { prepareSchema } from '../db/schema-on-start.ts';
import { createDatabase } from '../db/prisma.ts';
import { provideDatabase, provideStorage, ShutdownSteps } from '../infrastructure.ts';
import { createLogger } from '../shared/logger.ts';
import { sweep } from '../uploads/cleanup/sweeper.ts';

let config;
try {
  config = loadSweepConfig(process.env, fileURLToPath(new URL('../..', import.meta.url)));
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Configuration error: ${error.message}\n`);
  process.exit(1);
}
const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
const steps = new ShutdownSteps(logger);
let code = 0;
try {
  const databaseUrl = await provideDatabase(config.database, logger, steps);
  // As the server does on start: the sweep needs the current schema (in production: checked only).
  await prepareSchema(databaseUrl, config.migrateOnStart, logger);
  const storage = await provideStorage(config.storage, logger, steps, config.storageTimeoutMs);
  const db = createDatabase({ url: databaseUrl, limits: config.databaseLimits });
  steps.add('database pool', () => db.$disconnect());
  const started = performance.now();
  const report = await sweep({ db, storage, logger }, config.sweep);
  console.log(JSON.stringify({ ...report, milliseconds: Math.round(performance.now() - started) }));
} catch (error) {
  console.error(`sweep failed: ${error instanceof Error ? error.message : String(error)}`);
  code = 1;
} finally {
  await steps.runAll();
}
process.exit(code);
