// The posts-page benchmark's tables, targets, charts and findings, from its samples.
import { barChart } from '../harness/chart.ts';
import { median } from '../harness/stats.ts';
import { formatNumber, ratio } from '../harness/report.ts';
import type { BenchResult, BenchTarget } from '../harness/types.ts';
import {
  CONNECTIONS,
  IMPLEMENTATIONS,
  MAX_STATEMENTS,
  PAGE_SIZES,
  SEED,
  SIGNATURES,
  type Implementation,
  type Sample,
  type Variant,
} from './page.ts';

export function postsPageReport(
  samples: Record<Variant, Sample[]>,
  signMicros: number,
  settings: { seconds: number; rounds: number },
): BenchResult {
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
      `One signed URL costs about ${formatNumber(signMicros)} µs of CPU; a page of ${PAGE_SIZES.at(-1)} posts signs ${urlsPerPage(100)} URLs, about ${formatNumber(signingShare(100) * 100)} % of the DataLoaders server's CPU per page${signingShare(100) >= 0.5 ? ': signing URLs, not SQL, is where the CPU and so the latency goes (the SQL is already 5 statements)' : ''}${signingShare(100) > 1 ? '; over 100 % because the two figures are measured apart (a loop of signatures in the idle API vs pages under load), so read it as nearly all' : ''}.`,
    ].join('\n\n'),
    raw: { samples, signMicros },
  };
}
