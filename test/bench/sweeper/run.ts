// The sweeper on 10,000 expired tickets: how long one sweep takes, how many DeleteObjects calls,
// multipart aborts and SQL statements it needs, against a naive sweep deleting object by object;
// then its pass by age over staging/ on 10,000 old staged objects next to 100 young ones.
import { createS3ObjectStorage } from '../../../src/storage/s3-object-storage.ts';
import type { PinnedProcess } from '../harness/processes.ts';
import { formatNumber } from '../harness/report.ts';
import { s3ClientFor, uncountedS3Client } from '../harness/s3-clients.ts';
import { BUCKET, type BenchStack } from '../harness/stack.ts';
import { interleaved } from '../harness/stats.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';
import { checkSwept, countStored } from './checks.ts';
import { report, SEED, VARIANTS, type Variant } from './report.ts';
import type { Sample } from './sample.ts';
import { seedExpiredTickets, ticketKey } from './seed.ts';
import type { SweepRun, SweeperInfo } from './server.ts';
import { sweepStagingByAge } from './staging.ts';

export default {
  name: 'sweeper',
  title:
    'Sweeper: one sweep of 10,000 expired tickets (DeleteObjects batches vs one DELETE per object) and of staging/ by age',
  // Seeding 10,000 tickets (not measured) takes 5–30 s a run here, so the default run takes a
  // few minutes: the workload itself is big.
  run: sweeps,
} satisfies Benchmark;

async function sweeps(stack: BenchStack, context: BenchContext) {
  const sweeper = await stack.spawn<SweeperInfo>(new URL('./server.ts', import.meta.url), {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'unused-by-the-sweeper-but-required-in-production',
  });
  const s3 = s3ClientFor(stack.s3.info);
  const uncounted = uncountedS3Client(stack.s3.info);
  stack.onStop(() => [s3, uncounted].forEach((client) => client.destroy()));
  const storage = createS3ObjectStorage(s3, BUCKET);
  const log = (label: string, sample: Sample, extra = '') =>
    context.log(
      `${label}:${extra} swept in ${formatNumber(sample.milliseconds / 1000, 2)} s, ${JSON.stringify(sample.s3)} (answered 5xx: ${JSON.stringify(sample.serverErrors)}), ${sample.statements} SQL`,
    );

  const samples = await interleaved(VARIANTS, context.rounds, async (variant, round) => {
    const prefix = `sweep-${round}-${variant}`;
    const seeded = performance.now();
    const uploads = await seedExpiredTickets(stack.databaseUrl, s3, prefix, SEED);
    const storedKeys = Array.from({ length: SEED.withObjects }, (_, i) => ticketKey(prefix, i + 1));
    if ((await countStored(storage, storedKeys)) !== SEED.withObjects)
      throw new Error('seeding stored too few objects');
    const seedSeconds = (performance.now() - seeded) / 1000;
    const sample = await measured(stack, sweeper, variant === 'sweeper' ? 'sweep' : 'naiveSweep');
    checkReport(sample, variant);
    await checkSwept(stack.databaseUrl, storage, prefix, storedKeys, uploads);
    log(`${variant} #${round + 1}`, sample, ` seeded in ${formatNumber(seedSeconds, 1)} s,`);
    return sample;
  });

  const staging: Sample[] = [];
  for (let round = 0; round < context.rounds; round++) {
    const sample = await sweepStagingByAge(uncounted, round, sweeper.info.stagingAgeSeconds, (now) =>
      measured(stack, sweeper, 'sweep', { now: now.toISOString() }),
    );
    log(`staging by age #${round + 1}`, sample);
    staging.push(sample);
  }
  return report({ samples, staging, rounds: context.rounds });
}

/** One call in the sweeper's process, with what it cost there and what the proxy counted. */
async function measured(
  stack: BenchStack,
  sweeper: PinnedProcess<SweeperInfo>,
  call: 'sweep' | 'naiveSweep',
  payload?: unknown,
): Promise<Sample> {
  await stack.resetCounters();
  const cpuBefore = sweeper.cpuMicros();
  const run = await sweeper.call<SweepRun>(call, payload);
  const cpuMillis = (sweeper.cpuMicros() - cpuBefore) / 1000;
  const { requests: s3, serverErrors, failedForwards } = await stack.s3Counts();
  return { ...run, cpuMillis, s3, serverErrors, failedForwards };
}

function checkReport(run: SweepRun, variant: Variant): void {
  const expired = SEED.tickets - Math.floor(SEED.tickets / SEED.rejectedEvery);
  if (run.report.deletedObjects !== SEED.tickets || run.report.expiredTickets !== expired) {
    throw new Error(
      `${variant} swept ${JSON.stringify(run.report)}, expected ${SEED.tickets} objects and ${expired} expired tickets`,
    );
  }
}
