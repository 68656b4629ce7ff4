// npm run sweep: deletes the objects of expired unconfirmed tickets, rejected tickets and
// replaced files once (see src/uploads/cleanup/sweeper.ts), then exits. Uses the same configuration as
// the server; safe to run while servers (which may sweep on their own) are running.
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../src/config/config.ts';
import { applyMigrations } from '../src/db/migration-engine.ts';
import { createDatabase } from '../src/db/prisma.ts';
import { provideDatabase, provideStorage, ShutdownSteps } from '../src/infrastructure.ts';
import { createLogger } from '../src/shared/logger.ts';
import { sweep } from '../src/uploads/cleanup/sweeper.ts';

let config;
try {
  config = loadConfig(process.env, fileURLToPath(new URL('..', import.meta.url)));
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
  await applyMigrations(databaseUrl); // as the server does on start: the sweep needs the current schema
  const storage = await provideStorage(config.storage, logger, steps);
  const db = createDatabase({ url: databaseUrl });
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
