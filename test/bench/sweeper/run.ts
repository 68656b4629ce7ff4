// The sweeper on 10,000 expired tickets: how long one sweep takes, how many DeleteObjects calls,
// multipart aborts and SQL statements it needs, against a naive sweep deleting object by object;
// then its pass by age over staging/ on 10,000 old staged objects next to 100 young ones.
import { s3ClientFor, uncountedS3Client } from '../harness/s3-clients.ts';
import { createS3ObjectStorage } from '../../../src/storage/s3-object-storage.ts';
import { spawnPinned, type PinnedProcess } from '../harness/processes.ts';
import { BUCKET, SERVER_CORE, startBenchStack, type BenchStack } from '../harness/stack.ts';
import { interleaved } from '../harness/stats.ts';
import { formatNumber } from '../harness/report.ts';
import type { Benchmark } from '../harness/types.ts';
import type { SweepRun, SweeperInfo } from './server.ts';
import { checkSwept, countStored } from './checks.ts';
import type { Sample } from './sample.ts';
import { seedExpiredTickets, ticketKey } from './seed.ts';
import { sweepStagingByAge } from './staging.ts';
import { SEED, VARIANTS, sweepReport, type Variant } from './report.ts';

const benchmark: Benchmark = {
  name: 'sweeper',
  title:
    'Sweeper: one sweep of 10,000 expired tickets (DeleteObjects batches vs one DELETE per object) and of staging/ by age',
  async run(context) {
    // Seeding 10,000 tickets (not measured) takes 5–30 s a run here, so the default run takes a
    // few minutes: the workload itself is big.
    const { rounds } = context;
    const stack = await startBenchStack({ scratchDir: context.scratchDir });
    const s3 = s3ClientFor(stack.s3.info);
    const uncounted = uncountedS3Client(stack.s3.info);
    const storage = createS3ObjectStorage(s3, BUCKET);
    let sweeper: PinnedProcess<SweeperInfo> | undefined;
    try {
      sweeper = await startSweeper(stack);
      const running = sweeper;
      /** One call in the sweeper's process, with what it cost there and what the proxy counted. */
      const measured = async (call: 'sweep' | 'naiveSweep', payload?: unknown): Promise<Sample> => {
        await stack.resetCounters();
        const cpuBefore = running.cpuMicros();
        const run = await running.call<SweepRun>(call, payload);
        const cpuMillis = (running.cpuMicros() - cpuBefore) / 1000;
        const counts = await stack.s3Counts();
        const { requests: s3, serverErrors, failedForwards } = counts;
        return { ...run, cpuMillis, s3, serverErrors, failedForwards };
      };
      const log = (label: string, sample: Sample, extra = '') =>
        context.log(
          `${label}:${extra} swept in ${formatNumber(sample.milliseconds / 1000, 2)} s, ${JSON.stringify(sample.s3)} (answered 5xx: ${JSON.stringify(sample.serverErrors)}), ${sample.statements} SQL`,
        );

      const samples = await interleaved(VARIANTS, rounds, async (variant, round) => {
        const prefix = `sweep-${round}-${variant}`;
        const seeded = performance.now();
        const uploads = await seedExpiredTickets(stack.databaseUrl, s3, prefix, SEED);
        const storedKeys = Array.from({ length: SEED.withObjects }, (_, i) => ticketKey(prefix, i + 1));
        if ((await countStored(storage, storedKeys)) !== SEED.withObjects)
          throw new Error('seeding stored too few objects');
        const seedSeconds = (performance.now() - seeded) / 1000;
        const sample = await measured(variant === 'sweeper' ? 'sweep' : 'naiveSweep');
        checkReport(sample, variant);
        await checkSwept(stack.databaseUrl, storage, prefix, storedKeys, uploads);
        log(`${variant} #${round + 1}`, sample, ` seeded in ${formatNumber(seedSeconds, 1)} s,`);
        return sample;
      });

      const staging: Sample[] = [];
      for (let round = 0; round < rounds; round++) {
        const sample = await sweepStagingByAge(uncounted, round, running.info.stagingAgeSeconds, (now) =>
          measured('sweep', { now: now.toISOString() }),
        );
        log(`staging by age #${round + 1}`, sample);
        staging.push(sample);
      }
      return sweepReport(samples, staging, rounds);
    } finally {
      s3.destroy();
      uncounted.destroy();
      await sweeper?.stop();
      await stack.stop();
    }
  },
};
export default benchmark;

function startSweeper(stack: BenchStack): Promise<PinnedProcess<SweeperInfo>> {
  return spawnPinned({
    script: new URL('./server.ts', import.meta.url),
    core: SERVER_CORE,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      ...stack.storeEnv,
      JWT_SECRET: 'unused-by-the-sweeper-but-required-in-production',
    },
  });
}

function checkReport(run: SweepRun, variant: Variant): void {
  const expired = SEED.tickets - Math.floor(SEED.tickets / SEED.rejectedEvery);
  if (run.report.deletedObjects !== SEED.tickets || run.report.expiredTickets !== expired) {
    throw new Error(
      `${variant} swept ${JSON.stringify(run.report)}, expected ${SEED.tickets} objects and ${expired} expired tickets`,
    );
  }
}
