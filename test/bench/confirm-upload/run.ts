// confirmUpload under concurrency: confirms/s, latency, and what each confirm asks of S3 (by kind,
// from the counting proxy) and of PostgreSQL (statements the API ran), for the three things a
// confirm can link: a post attachment, a first avatar, an avatar replacing another.
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_GATHER_MS } from '../../../src/uploads/cleanup/deferred-deletes.ts';
import { graphqlClient } from '../../support/graphql-client.ts';
import { profileUnderLoad, type ProfileSummary } from '../harness/cpu-profile.ts';
import { inPool } from '../harness/pool.ts';
import { formatNumber } from '../harness/report.ts';
import { countKinds } from '../harness/sql-kinds.ts';
import { type BenchStack } from '../harness/stack.ts';
import { interleaved, percentile } from '../harness/stats.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';
import { checkConfirmsLinked } from './checks.ts';
import {
  CONCURRENCY,
  LEAN_CONFIRM,
  dataOf,
  SCENARIOS,
  prepareConfirms,
  type ConfirmSample as Sample,
  type ConfirmScenario,
} from './fixtures.ts';
import { CONNECTIONS, loadFloor } from '../request-upload/variants.ts';
import { report } from './report.ts';

const WARM_UP_CONFIRMS = 32;
/** As long as a round of the requestUpload benchmark. */
const FLOOR_SECONDS = 6;

export default {
  name: 'confirm-upload',
  title: 'confirmUpload: throughput, S3 round trips and SQL statements per confirm',
  run: confirms,
} satisfies Benchmark;

async function confirms(stack: BenchStack, context: BenchContext) {
  const { rounds } = context;
  // Steady state: thousands of confirms per run, after the warm-up pass.
  const count = context.long ? 4000 : 2000;
  // A first, discarded pass warms the API (JIT, pools, caches): it made the first round ~2× slower.
  for (const scenario of SCENARIOS) await measure(stack, scenario, WARM_UP_CONFIRMS, -1);
  const samples = await interleaved(SCENARIOS, rounds, async (scenario, round) => {
    const sample = await measure(stack, scenario, count, round);
    context.log(
      `${scenario} #${round + 1}: ${formatNumber(sample.confirmsPerSecond)} confirms/s, p50 ${formatNumber(sample.p50Ms, 1)} ms, ${formatNumber(sample.sqlPerConfirm, 1)} SQL/confirm`,
    );
    return sample;
  });
  // One more attachment run, its confirms (not their preparation) under the CPU profiler.
  let profile: ProfileSummary | undefined;
  await measure(stack, 'attachment', count, rounds, async (confirm) => {
    const profiled = await profileUnderLoad(stack.api, confirm);
    profile = profiled.profile;
    return profiled.load;
  });
  if (!profile) throw new Error('the profiled run gave no profile');
  return report({ samples, count, rounds, profile, floorCpuMicros: await floorCpu(stack, rounds, context) });
}

/**
 * The requestUpload benchmark's Apollo floor, under the same load as there, after the confirms:
 * what one GraphQL request costs on this machine, to read the CPU per confirm against.
 */
async function floorCpu(stack: BenchStack, rounds: number, context: BenchContext): Promise<number[]> {
  const floor = await stack.spawn<{ url: string }>(
    new URL('../request-upload/graphql-floor-server.ts', import.meta.url),
  );
  await loadFloor(floor, { connections: CONNECTIONS, seconds: 2 });
  const runs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const load = await loadFloor(floor, { connections: CONNECTIONS, seconds: FLOOR_SECONDS });
    if (load.failures > 0 || load.cpuMicrosPerRequest === undefined)
      throw new Error('the Apollo floor failed requests');
    context.log(`Apollo floor #${round + 1}: ${formatNumber(load.cpuMicrosPerRequest)} µs CPU/request`);
    runs.push(load.cpuMicrosPerRequest);
  }
  await floor.stop();
  return runs;
}

type ConfirmPhase = () => Promise<string[]>;

async function measure(
  stack: BenchStack,
  scenario: ConfirmScenario,
  count: number,
  round: number,
  around: (confirm: ConfirmPhase) => Promise<string[]> = (confirm) => confirm(),
): Promise<Sample> {
  const api = graphqlClient(stack.api.info.graphqlUrl);
  const confirms = await prepareConfirms(api, stack, scenario, count, round);
  await stack.resetCounters();
  const latencies: number[] = [];
  let seconds = 0;
  const cpuBefore = stack.api.cpuMicros();
  const started = performance.now();
  const fileIds = await around(async () => {
    const ids = await inPool(confirms, CONCURRENCY, async ({ ticketId, token }) => {
      const sent = performance.now();
      const answer = dataOf(await api.graphql(LEAN_CONFIRM, { ticketId }, token), 'confirmUpload');
      latencies.push(performance.now() - sent);
      if (!('file' in answer.confirmUpload)) throw new Error(`${scenario}: not confirmed: ${JSON.stringify(answer)}`);
      return answer.confirmUpload.file.id;
    });
    seconds = (performance.now() - started) / 1000;
    // The last confirms' staged uploads are deleted a moment after their answers: that counts too.
    await sleep(2 * DEFAULT_GATHER_MS);
    return ids;
  });
  const cpuMicros = stack.api.cpuMicros() - cpuBefore;
  const [s3, sql] = await Promise.all([stack.s3Counts(), stack.sql()]);
  await checkConfirmsLinked(stack, scenario, confirms, fileIds);
  return {
    confirms: count,
    confirmsPerSecond: count / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    serverCpuMicrosPerConfirm: cpuMicros / count,
    s3: Object.fromEntries(Object.entries(s3.requests).map(([kind, n]) => [kind, n / count])),
    sqlPerConfirm: sql.length / count,
    sqlKinds: countKinds(sql, count),
  };
}
