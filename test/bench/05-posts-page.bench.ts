// N+1: a page of 10 / 50 / 100 posts with authors, avatars and attachments (every file with its
// signed URL), through the real API (DataLoaders) and through the same schema resolved one query
// per parent: SQL statements per page, latency and pages per second.
import { randomBytes } from 'node:crypto';
import { barChart } from './harness/chart.ts';
import { runLoad, type LoadResult } from './harness/load.ts';
import { spawnPinned, type PinnedProcess } from './harness/processes.ts';
import { BUCKET, SERVER_CORE, startBenchStack, type BenchStack } from './harness/stack.ts';
import { formatNumber, interleaved, median, ratio } from './harness/stats.ts';
import type { Benchmark, BenchTarget } from './harness/types.ts';
import { PAGE_QUERY, checkedPage, fetchPage } from './support/posts-page.ts';
import { seedPosts, type PostsSeed } from './support/posts-seed.ts';

const IMPLEMENTATIONS = ['loaders', 'naive'] as const;
type Implementation = (typeof IMPLEMENTATIONS)[number];
const PAGE_SIZES = [10, 50, 100] as const;
const SEED: PostsSeed = { authors: 30, posts: 150, attachmentsPerPost: 2 };
const CONNECTIONS = 8;
const MAX_STATEMENTS = 5;
/** Download URLs the API signs, on its own core, to measure what one costs. */
const SIGNATURES = 2000;

type Server = PinnedProcess<{ graphqlUrl: string }>;
type Variant = `${Implementation} ${(typeof PAGE_SIZES)[number]}`;
interface Sample extends LoadResult {
  statements: number;
}

const benchmark: Benchmark = {
  name: 'posts-page',
  title: 'Posts page (N+1): SQL statements and latency, DataLoaders vs one query per parent',
  async run(context) {
    const seconds = context.long ? 10 : 3;
    const rounds = context.long ? 5 : 3;
    const stack = await startBenchStack({ scratchDir: context.scratchDir });
    let naive: Server | undefined;
    try {
      naive = await startNaiveServer(stack);
      await seedPosts(stack.databaseUrl, SEED);
      const servers: Record<Implementation, Server> = { loaders: stack.api, naive };
      await checkSameAnswers(servers);
      for (const server of Object.values(servers)) await load(server, 50, 1); // warm-up, discarded
      const variants = IMPLEMENTATIONS.flatMap((impl) => PAGE_SIZES.map((size): Variant => `${impl} ${size}`));
      const samples = await interleaved(variants, rounds, async (variant) => {
        const [impl, size] = parseVariant(variant);
        const sample = await measure(servers[impl], size, seconds);
        context.log(
          `${variant}: ${sample.statements} SQL, ${formatNumber(sample.requestsPerSecond)} pages/s, p50 ${sample.p50Ms} ms`,
        );
        return sample;
      });
      await untilIdle(stack.api);
      await stack.api.call('signCost', 200); // warm-up
      const signMicros = await stack.api.call<number>('signCost', SIGNATURES);
      return report(samples, signMicros, { seconds, rounds });
    } finally {
      await naive?.stop();
      await stack.stop();
    }
  },
};
export default benchmark;

function parseVariant(variant: Variant): [Implementation, number] {
  const [impl, size] = variant.split(' ');
  return [impl as Implementation, Number(size)];
}

function startNaiveServer(stack: BenchStack): Promise<Server> {
  return spawnPinned({
    script: 'test/bench/servers/naive-posts-api.ts',
    core: SERVER_CORE,
    env: {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: stack.databaseUrl,
      S3_ENDPOINT: stack.s3.info.endpoint,
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: stack.s3.info.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: stack.s3.info.credentials.secretAccessKey,
      JWT_SECRET: randomBytes(32).toString('hex'),
    },
  });
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
    await new Promise((resolve) => setTimeout(resolve, 300));
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

function report(samples: Record<Variant, Sample[]>, signMicros: number, settings: { seconds: number; rounds: number }) {
  const mid = (impl: Implementation, size: number, pick: (s: Sample) => number) =>
    median(samples[`${impl} ${size}` as Variant].map(pick));
  const statements = (impl: Implementation, size: number) => mid(impl, size, (s) => s.statements);
  const urlsPerPage = (size: number) => size * (1 + SEED.attachmentsPerPost);

  const loaderCounts = PAGE_SIZES.map((size) => statements('loaders', size));
  const targets: BenchTarget[] = [
    {
      name: 'SQL statements per page (DataLoaders)',
      target: `≤ ${MAX_STATEMENTS}`,
      measured: loaderCounts.join(' / '),
      met: Math.max(...loaderCounts) <= MAX_STATEMENTS,
    },
    {
      name: 'SQL statements constant in page size (10 / 50 / 100)',
      target: 'the same for every size',
      measured: loaderCounts.join(' / '),
      met: new Set(loaderCounts).size === 1,
    },
  ];
  const cpu = (impl: Implementation, size: number) => mid(impl, size, (s) => s.cpuMicrosPerRequest ?? NaN);
  const signingShare = (size: number) => (urlsPerPage(size) * signMicros) / cpu('loaders', size);

  return {
    method: [
      `${SEED.posts} posts by ${SEED.authors} authors (each with an avatar), ${SEED.attachmentsPerPost} attachments per post, written straight into PostgreSQL.`,
      'The query asks for a page of posts with author { avatar { url } } and attachments { url }: every file comes with a freshly signed download URL.',
      '"loaders" is the API (one DataLoader per relation, batched per request); "naive" is the same schema, HTTP handling and URL signing with Post.author, Post.attachments and User.avatar resolved by one query per parent (findFirst: Prisma would batch findUnique calls of one tick on its own).',
      "Both servers must return the same page before anything is measured. SQL statements are counted from each server's query log for one page;",
      `latency and pages/s come from ${settings.seconds} s of load with ${CONNECTIONS} connections per size and server, interleaved, ${settings.rounds} rounds, medians.`,
      `The CPU cost of one signed URL is measured apart, by having the idle API process sign ${formatNumber(SIGNATURES)} of them.`,
    ].join(' '),
    tables: [
      {
        caption: 'SQL statements per page',
        columns: ['page size', 'DataLoaders', 'one query per parent', 'ratio'],
        rows: PAGE_SIZES.map((size) => [
          size,
          statements('loaders', size),
          statements('naive', size),
          ratio(statements('naive', size), statements('loaders', size)),
        ]),
      },
      {
        caption: `Latency and throughput (${CONNECTIONS} connections; medians of ${settings.rounds} interleaved runs)`,
        columns: [
          'page size',
          'server',
          'pages/s',
          'p50 ms',
          'p99 ms',
          'server CPU µs/page',
          'vs DataLoaders (pages/s)',
        ],
        rows: PAGE_SIZES.flatMap((size) =>
          IMPLEMENTATIONS.map((impl) => [
            size,
            impl,
            formatNumber(mid(impl, size, (s) => s.requestsPerSecond)),
            formatNumber(
              mid(impl, size, (s) => s.p50Ms),
              1,
            ),
            formatNumber(
              mid(impl, size, (s) => s.p99Ms),
              1,
            ),
            formatNumber(cpu(impl, size)),
            ratio(
              mid(impl, size, (s) => s.requestsPerSecond),
              mid('loaders', size, (s) => s.requestsPerSecond),
            ),
          ]),
        ),
      },
      {
        caption: 'Signing download URLs (DataLoaders server)',
        columns: [
          'page size',
          'URLs per page',
          'signing CPU µs (measured apart, in the API process)',
          'share of server CPU per page',
        ],
        rows: PAGE_SIZES.map((size) => [
          size,
          urlsPerPage(size),
          formatNumber(urlsPerPage(size) * signMicros),
          `${formatNumber(signingShare(size) * 100)} %`,
        ]),
      },
    ],
    targets,
    charts: [
      {
        id: 'statements',
        title: 'SQL statements per page',
        svg: barChart({
          title: 'SQL statements per page of posts',
          unit: 'statements per page (lower is better)',
          series: ['DataLoaders', 'one query per parent'],
          groups: PAGE_SIZES.map((size) => ({
            label: `${size} posts`,
            values: [statements('loaders', size), statements('naive', size)],
          })),
        }),
      },
      {
        id: 'latency',
        title: 'Median latency per page',
        svg: barChart({
          title: 'Median latency of a page of posts',
          unit: 'p50 ms (lower is better)',
          series: ['DataLoaders', 'one query per parent'],
          groups: PAGE_SIZES.map((size) => ({
            label: `${size} posts`,
            values: IMPLEMENTATIONS.map((impl) => mid(impl, size, (s) => s.p50Ms)),
          })),
        }),
      },
    ],
    findings: [
      `With DataLoaders a page costs ${loaderCounts.join(' / ')} SQL statements for 10 / 50 / 100 posts: ${
        targets.every((t) => t.met)
          ? 'within the target and the same whatever the size'
          : `target missed (${targets
              .filter((t) => !t.met)
              .map((t) => `${t.name}: ${t.measured}`)
              .join('; ')})`
      }.`,
      `Resolving one query per parent costs ${PAGE_SIZES.map((size) => statements('naive', size)).join(' / ')}: it grows with the page, ${ratio(statements('naive', 100), statements('loaders', 100))} the statements at 100 posts.`,
      `Pages/s, naive vs DataLoaders: ${PAGE_SIZES.map(
        (size) =>
          `${ratio(
            mid('naive', size, (s) => s.requestsPerSecond),
            mid('loaders', size, (s) => s.requestsPerSecond),
          )} at ${size}`,
      ).join(', ')}.`,
      `One signed URL costs about ${formatNumber(signMicros)} µs of CPU; a page of ${PAGE_SIZES.at(-1)} posts signs ${urlsPerPage(100)} URLs, about ${formatNumber(signingShare(100) * 100)} % of the DataLoaders server's CPU per page${signingShare(100) >= 0.5 ? ': signing URLs, not SQL, is where the CPU and so the latency goes (the SQL is already 5 statements)' : ''}${signingShare(100) > 1 ? '; over 100 % only because the two figures are measured apart on a busy machine' : ''}.`,
    ].join('\n\n'),
    raw: { samples, signMicros },
  };
}
