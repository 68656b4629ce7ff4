// The sweeper as `npm run sweep` runs it (src/uploads/cleanup/sweeper.ts), in a process of its own on the
// server's core, configured like the API; and the naive per-object sweep it is compared with.
// Answers over IPC: `sweep` (optionally at another `now`, an ISO string) and `naiveSweep`, each
// with its report, wall time and SQL statements. Announces how old a staged object must be to go.
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../src/config/config.ts';
import { createDatabase } from '../../../src/db/prisma.ts';
import { provideStorage, ShutdownSteps } from '../../../src/infrastructure.ts';
import { createLogger } from '../../../src/shared/logger.ts';
import { sweep, type SweepReport } from '../../../src/uploads/cleanup/sweeper.ts';
import { serveBenchProcess } from '../harness/processes.ts';
import { naiveSweep } from './naive-sweep.ts';

export interface SweepRun {
  report: Pick<SweepReport, 'expiredTickets' | 'deletedObjects' | 'deleteCalls'> & Partial<SweepReport>;
  milliseconds: number;
  statements: number;
}

export interface SweeperInfo {
  /** Objects under staging/ last written longer ago than this are deleted by age. */
  stagingAgeSeconds: number;
}

const config = loadConfig(process.env, fileURLToPath(new URL('../../..', import.meta.url)));
const logger = createLogger(config.logLevel);
const steps = new ShutdownSteps(logger);
let statements = 0;
const db = createDatabase({ url: process.env['DATABASE_URL']!, onQuery: () => statements++ });
steps.add('database pool', () => db.$disconnect());
const storage = await provideStorage(config.storage, logger, steps);

async function timed(run: () => Promise<SweepRun['report']>): Promise<SweepRun> {
  statements = 0;
  const started = performance.now();
  const report = await run();
  return { report, milliseconds: performance.now() - started, statements };
}

serveBenchProcess(
  { stagingAgeSeconds: config.sweep.ticketLifetimeSeconds + config.sweep.graceSeconds } satisfies SweeperInfo,
  {
    sweep: (payload) => {
      const now = (payload as { now?: string } | undefined)?.now;
      return timed(() => sweep({ db, storage, logger }, { ...config.sweep, ...(now ? { now: new Date(now) } : {}) }));
    },
    naiveSweep: () => timed(() => naiveSweep({ db, storage }, config.sweep.graceSeconds)),
  },
  () => steps.runAll(),
);
