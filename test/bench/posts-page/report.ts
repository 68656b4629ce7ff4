// The posts-page benchmark's tables, targets, charts and findings, from its samples.
import { chart, formatNumber, mediansBy, missed, ratio, table, target, type Medians } from '../harness/report.ts';
import { loadColumns } from '../harness/load.ts';
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

export interface Measured {
  samples: Record<Variant, Sample[]>;
  /** CPU µs the API spends signing one download URL. */
  signMicros: number;
  seconds: number;
  rounds: number;
}

type Figures = (impl: Implementation, size: number) => Medians<Sample>;

const urlsPerPage = (size: number) => size * (1 + SEED.attachmentsPerPost);
const LARGEST = PAGE_SIZES[PAGE_SIZES.length - 1]!;

export function report(m: Measured): BenchResult {
  const byVariant = mediansBy(m.samples);
  const med: Figures = (impl, size) => byVariant[`${impl} ${size}` as Variant];
  /** The share of the DataLoaders server's CPU per page that goes to signing its URLs. */
  const signingShare = (size: number) => (urlsPerPage(size) * m.signMicros) / med('loaders', size).cpuMicrosPerRequest;
  const targets = statementTargets(med);
  const series = ['DataLoaders', 'one query per parent'];
  const groups = (pick: (x: Medians<Sample>) => number) =>
    PAGE_SIZES.map((size) => ({
      label: `${size} posts`,
      values: IMPLEMENTATIONS.map((impl) => pick(med(impl, size))),
    }));
  return {
    method: method(m),
    tables: tables(m, med, signingShare),
    targets,
    charts: [
      chart('statements', 'SQL statements per page', {
        title: 'SQL statements per page of posts',
        unit: 'statements per page (lower is better)',
        series,
        groups: groups((x) => x.statements),
      }),
      chart('latency', 'Median latency per page', {
        title: 'Median latency of a page of posts',
        unit: 'p50 ms (lower is better)',
        series,
        groups: groups((x) => x.p50Ms),
      }),
    ],
    findings: findings(m, med, targets, signingShare),
    raw: { samples: m.samples, signMicros: m.signMicros },
  };
}

function statementTargets(med: Figures): BenchTarget[] {
  const counts = PAGE_SIZES.map((size) => med('loaders', size).statements);
  return [
    target(
      'SQL statements per page (DataLoaders)',
      `≤ ${MAX_STATEMENTS}`,
      counts.join(' / '),
      Math.max(...counts) <= MAX_STATEMENTS,
    ),
    target(
      'SQL statements constant in page size (10 / 50 / 100)',
      'the same for every size',
      counts.join(' / '),
      new Set(counts).size === 1,
    ),
  ];
}

const method = (m: Measured) =>
  [
    `${SEED.posts} posts by ${SEED.authors} authors (each with an avatar), ${SEED.attachmentsPerPost} attachments per post, written straight into PostgreSQL.`,
    'The query asks for a page of posts with author { avatar { url } } and attachments { url }: every file comes with a freshly signed download URL.',
    '"loaders" is the API (one DataLoader per relation, batched per request); "naive" is the same schema, HTTP handling and URL signing with Post.author, Post.attachments and User.avatar resolved by one query per parent (findFirst: Prisma would batch findUnique calls of one tick on its own).',
    "Both servers must return the same page before anything is measured. SQL statements are counted from each server's query log for one page;",
    `latency and pages/s come from ${m.seconds} s of load with ${CONNECTIONS} connections per size and server, interleaved, ${m.rounds} rounds, medians.`,
    `The CPU cost of one signed URL is measured apart, by having the idle API process sign ${formatNumber(SIGNATURES)} of them.`,
  ].join(' ');

function tables(m: Measured, med: Figures, signingShare: (size: number) => number) {
  const statements = (impl: Implementation) => (size: number) => med(impl, size).statements;
  const pages = PAGE_SIZES.flatMap((size) => IMPLEMENTATIONS.map((impl) => ({ size, impl, ...med(impl, size) })));
  return [
    table('SQL statements per page', PAGE_SIZES, [
      ['page size', (size) => size],
      ['DataLoaders', statements('loaders')],
      ['one query per parent', statements('naive')],
      ['ratio', (size) => ratio(med('naive', size).statements, med('loaders', size).statements)],
    ]),
    table(`Latency and throughput (${CONNECTIONS} connections; medians of ${m.rounds} interleaved runs)`, pages, [
      ['page size', (x) => x.size],
      ['server', (x) => x.impl],
      ...loadColumns('pages/s', 'page'),
      ['vs DataLoaders (pages/s)', (x) => ratio(x.requestsPerSecond, med('loaders', x.size).requestsPerSecond)],
    ]),
    table('Signing download URLs (DataLoaders server)', PAGE_SIZES, [
      ['page size', (size) => size],
      ['URLs per page', urlsPerPage],
      ['signing CPU µs (measured apart, in the API process)', (size) => formatNumber(urlsPerPage(size) * m.signMicros)],
      ['share of server CPU per page', (size) => `${formatNumber(signingShare(size) * 100)} %`],
    ]),
  ];
}

function findings(m: Measured, med: Figures, targets: BenchTarget[], signingShare: (size: number) => number): string {
  const statements = (impl: Implementation) => PAGE_SIZES.map((size) => med(impl, size).statements).join(' / ');
  const speed = (size: number) => ratio(med('naive', size).requestsPerSecond, med('loaders', size).requestsPerSecond);
  const share = signingShare(100);
  return [
    `With DataLoaders a page costs ${statements('loaders')} SQL statements for 10 / 50 / 100 posts: ${
      targets.every((t) => t.met)
        ? 'within the target and the same whatever the size'
        : `target missed (${missed(targets)})`
    }.`,
    `Resolving one query per parent costs ${statements('naive')}: it grows with the page, ${ratio(med('naive', 100).statements, med('loaders', 100).statements)} the statements at 100 posts.`,
    `Pages/s, naive vs DataLoaders: ${PAGE_SIZES.map((size) => `${speed(size)} at ${size}`).join(', ')}.`,
    `One signed URL costs about ${formatNumber(m.signMicros)} µs of CPU; a page of ${LARGEST} posts signs ${urlsPerPage(100)} URLs, about ${formatNumber(share * 100)} % of the DataLoaders server's CPU per page${share >= 0.5 ? ': signing URLs, not SQL, is where the CPU and so the latency goes (the SQL is already 5 statements)' : ''}${share > 1 ? '; over 100 % because the two figures are measured apart (a loop of signatures in the idle API vs pages under load), so read it as nearly all' : ''}.`,
  ].join('\n\n');
}
