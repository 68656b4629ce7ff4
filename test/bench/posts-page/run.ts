// N+1: a page of 10 / 50 / 100 posts with authors, avatars and attachments (every file with its
// signed URL), through the real API (DataLoaders) and through the same schema resolved one query
// per parent: SQL statements per page, latency and pages per second.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { OUT_OF_REACH_RATE_LIMITS } from '../../support/rate-limit-env.ts';
import { runLoad, type LoadResult } from '../harness/load.ts';
import { formatNumber } from '../harness/report.ts';
import { type BenchStack } from '../harness/stack.ts';
import { interleaved } from '../harness/stats.ts';
import type { BenchContext, Benchmark } from '../harness/types.ts';
import {
  CONNECTIONS,
  IMPLEMENTATIONS,
  PAGE_QUERY,
  PAGE_SIZES,
  SEED,
  SIGNATURES,
  checkedPage,
  fetchPage,
  type Implementation,
  type Sample,
  type Server,
  type Variant,
} from './page.ts';
import { report } from './report.ts';
import { seedPosts } from './seed.ts';

export default {
  name: 'posts-page',
  title: 'Posts page (N+1): SQL statements and latency, DataLoaders vs one query per parent',
  run: pages,
} satisfies Benchmark;

async function pages(stack: BenchStack, context: BenchContext) {
  const { rounds } = context;
  const seconds = context.long ? 10 : 4;
  // The baseline, configured like the API.
  const naive = await stack.spawn<Server['info']>(new URL('./naive-server.ts', import.meta.url), {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    JWT_SECRET: randomBytes(32).toString('hex'),
    ...OUT_OF_REACH_RATE_LIMITS,
  });
  await seedPosts(stack.databaseUrl, SEED);
  const servers: Record<Implementation, Server> = { loaders: stack.api, naive };
  await checkSameAnswers(servers);
  for (const server of Object.values(servers)) await load(server, 50, 1); // warm-up, discarded
  const variants = IMPLEMENTATIONS.flatMap((impl) => PAGE_SIZES.map((size): Variant => `${impl} ${size}`));
  const samples = await interleaved(variants, rounds, async (variant) => {
    const [impl, size] = variant.split(' ') as [Implementation, string];
    const sample = await measure(servers[impl], Number(size), seconds);
    context.log(
      `${variant}: ${sample.statements} SQL, ${formatNumber(sample.requestsPerSecond)} pages/s, p50 ${sample.p50Ms} ms`,
    );
    return sample;
  });
  await untilIdle(stack.api);
  await stack.api.call('signCost', 200); // warm-up
  const signMicros = await stack.api.call<number>('signCost', SIGNATURES);
  return report({ samples, signMicros, seconds, rounds });
}

/** Both servers must give the same complete page (URLs compared without their signatures). */
async function checkSameAnswers(servers: Record<Implementation, Server>): Promise<void> {
  for (const size of PAGE_SIZES) {
    const [real, naive] = await Promise.all(
      IMPLEMENTATIONS.map(async (impl) =>
        checkedPage(await fetchPage(servers[impl].info.graphqlUrl, size), size, SEED.attachmentsPerPost),
      ),
    );
    if (real !== naive) throw new Error(`the two servers answer a page of ${size} differently`);
  }
}

async function measure(server: Server, size: number, seconds: number): Promise<Sample> {
  await untilIdle(server);
  await server.call('reset');
  checkedPage(await fetchPage(server.info.graphqlUrl, size), size, SEED.attachmentsPerPost);
  const statements = (await server.call<string[]>('sql')).length;
  return { ...(await load(server, size, seconds)), statements };
}

/**
 * Waits until the server runs no more statements: requests of the last load run that were still
 * in flight when it stopped would otherwise be counted as this page's, and compete with it.
 */
async function untilIdle(server: Server): Promise<void> {
  for (let before = -1; ;) {
    const now = (await server.call<string[]>('sql')).length;
    if (now === before) return;
    before = now;
    await sleep(300);
  }
}

async function load(server: Server, size: number, seconds: number): Promise<LoadResult> {
  const result = await runLoad({
    url: server.info.graphqlUrl,
    connections: CONNECTIONS,
    seconds,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: PAGE_QUERY, variables: { first: size } }),
    serverCpuMicros: () => server.cpuMicros(),
    isSuccess: (status, body) => status === 200 && !body.includes('"errors"'),
  });
  if (result.failures > 0)
    throw new Error(`${result.failures} of ${result.requests} pages of ${size} failed under load`);
  return result;
}
