// The sweeper on 10,000 expired tickets: how long one sweep takes, how many DeleteObjects calls,
// multipart aborts and SQL statements it needs, against a naive sweep deleting object by object.
import { s3ClientFor } from './harness/s3-clients.ts';
import { createS3ObjectStorage } from '../../src/storage/s3-object-storage.ts';
import { spawnPinned, type PinnedProcess } from './harness/processes.ts';
import { BUCKET, SERVER_CORE, startBenchStack, type BenchStack } from './harness/stack.ts';
import { formatNumber, interleaved } from './harness/stats.ts';
import type { Benchmark } from './harness/types.ts';
import type { SweepRun } from './servers/sweeper.ts';
import { checkSwept, countStored } from './support/sweep-checks.ts';
import { seedExpiredTickets, ticketKey } from './support/sweep-seed.ts';
import { SEED, VARIANTS, sweepReport, type Sample, type Variant } from './support/sweep-results.ts';

const benchmark: Benchmark = {
  name: 'sweeper',
  title: 'Sweeper: one sweep of 10,000 expired tickets, DeleteObjects batches vs one DELETE per object',
  async run(context) {
    // Seeding 10,000 tickets (not measured) takes 5–30 s a run here, so the default run takes a
    // few minutes: the workload itself is big.
    const rounds = context.long ? 5 : 3;
    const stack = await startBenchStack({ scratchDir: context.scratchDir });
    const s3 = s3ClientFor(stack.s3.info);
    const storage = createS3ObjectStorage(s3, BUCKET);
    let sweeper: PinnedProcess<unknown> | undefined;
    try {
      sweeper = await startSweeper(stack);
      const running = sweeper;
      const samples = await interleaved(VARIANTS, rounds, async (variant, round) => {
        const prefix = `sweep-${round}-${variant}`;
        const seeded = performance.now();
        const uploads = await seedExpiredTickets(stack.databaseUrl, s3, prefix, SEED);
        const storedKeys = Array.from({ length: SEED.withObjects }, (_, i) => ticketKey(prefix, i + 1));
        if ((await countStored(storage, storedKeys)) !== SEED.withObjects)
          throw new Error('seeding stored too few objects');
        const seedSeconds = (performance.now() - seeded) / 1000;
        await stack.resetCounters();
        const cpuBefore = running.cpuMicros();
        const run = await running.call<SweepRun>(variant === 'sweeper' ? 'sweep' : 'naiveSweep');
        const sample: Sample = {
          ...run,
          cpuMillis: (running.cpuMicros() - cpuBefore) / 1000,
          ...(await s3Requests(stack)),
        };
        checkReport(run, variant);
        await checkSwept(stack.databaseUrl, storage, prefix, storedKeys, uploads);
        context.log(
          `${variant} #${round + 1}: seeded in ${formatNumber(seedSeconds, 1)} s, swept in ${formatNumber(run.milliseconds / 1000, 2)} s, ${JSON.stringify(sample.s3)} (answered 5xx: ${JSON.stringify(sample.serverErrors)}), ${run.statements} SQL`,
        );
        return sample;
      });
      return sweepReport(samples, rounds);
    } finally {
      s3.destroy();
      await sweeper?.stop();
      await stack.stop();
    }
  },
};
export default benchmark;

function startSweeper(stack: BenchStack): Promise<PinnedProcess<unknown>> {
  return spawnPinned({
    script: 'test/bench/servers/sweeper.ts',
    core: SERVER_CORE,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      ...stack.storeEnv,
      JWT_SECRET: 'unused-by-the-sweeper-but-required-in-production',
    },
  });
}

async function s3Requests(stack: BenchStack): Promise<Pick<Sample, 's3' | 'serverErrors' | 'failedForwards'>> {
  const counts = await stack.s3Counts();
  return { s3: counts.requests, serverErrors: counts.serverErrors, failedForwards: counts.failedForwards };
}

function checkReport(run: SweepRun, variant: Variant): void {
  const expired = SEED.tickets - Math.floor(SEED.tickets / SEED.rejectedEvery);
  if (run.report.deletedObjects !== SEED.tickets || run.report.expiredTickets !== expired) {
    throw new Error(
      `${variant} swept ${JSON.stringify(run.report)}, expected ${SEED.tickets} objects and ${expired} expired tickets`,
    );
  }
}
