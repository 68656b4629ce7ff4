// Tables, targets, charts and findings of the requestUpload benchmark, from measured figures only.
import { CATEGORY_NAMES, perOperation, type ProfileSummary } from '../harness/cpu-profile.ts';
import { loadColumns, type LoadResult } from '../harness/load.ts';
import { chart, formatNumber, mediansBy, ratio, table, target, type Medians } from '../harness/report.ts';
import type { BenchResult } from '../harness/types.ts';
import { findings, P99_TARGET_MS, RATIO_TARGET } from './findings.ts';
import { VARIANT_LABELS, VARIANTS, type Variant } from './variants.ts';

/** The API and its anchor are profiled; the Apollo floor is only timed. */
export const PROFILED = ['api', 'bare'] as const;
type ProfiledVariant = (typeof PROFILED)[number];

export interface Measured {
  runs: Record<Variant, LoadResult[]>;
  profiles: Record<ProfiledVariant, { load: LoadResult; profile: ProfileSummary }>;
  statementsPerRequest: number;
  /** The machine's 1-minute load average at the start and the end of the measured runs. */
  loadAverage: [number, number];
  cores: number;
  connections: number;
  seconds: number;
  rounds: number;
  users: number;
}

/** What the tables, targets and findings are computed from: each variant's medians, and profiles. */
export interface Figures extends Record<Variant, Medians<LoadResult>> {
  /** Profiled self-time per request, µs, by category and in all. */
  profiles: Record<ProfiledVariant, ProfileSummary>;
}

const LOAD_COLUMNS = loadColumns('req/s', 'request');

export function report(m: Measured): BenchResult {
  const profile = (variant: ProfiledVariant) =>
    perOperation(m.profiles[variant].profile, m.profiles[variant].load.requests);
  const f: Figures = { ...mediansBy(m.runs), profiles: { api: profile('api'), bare: profile('bare') } };
  const { runs, profiles, statementsPerRequest, loadAverage } = m;
  return {
    method: METHOD(m),
    tables: tables(m, f),
    targets: targets(m, f),
    charts: charts(m, f),
    findings: findings(m, f),
    raw: { runs, profiles, statementsPerRequest, loadAverage },
  };
}

const METHOD = (m: Measured) =>
  `${m.rounds} interleaved rounds (API, peer, Apollo floor, bare; the order rotates) of ${m.seconds} s at ${m.connections} connections,
after a warm-up. The API runs as in production (NODE_ENV=production, request logs at info) on core 0; every request
carries a real HS256 bearer token (rotating over ${m.users} users) and writes a PENDING ticket row in PostgreSQL
(the row count is checked against the answered requests, and one ticket of each endpoint is used to store a file
and, for the API, confirmed). The anchor is the seeds' design: a bare node:http endpoint, pinned the same way,
that validates a small JSON body and returns \`createPresignedPost\`'s fields (no auth, no database, no GraphQL).
Between them, the "Apollo floor": Apollo Server 5 behind the app's own HTTP handler (and its request log line),
answering a mutation that presigns as the API does (the same fields as \`createPresignedPost\`'s, from the API's POST
signer, which resolves the bucket's URL once), with no token and no database. The peer is the closest design
among GraphQL upload services, after CedarJS's uploads: graphql-yoga on node:http, the same bearer tokens verified
with jose, a presigned PUT (\`getSignedUrl\`) and the ticket row written with Prisma's \`create\` (its users looked up
once each, as the API caches them); no quotas, rate limits or request log.
Server CPU is user + system time of the server process (all threads) per answered request. The breakdown is a V8
CPU profile of the API and the bare endpoint (200 µs sampling) during one more run of each, self-time by the code's origin; profiling
slows the server, so its totals run higher than the unprofiled CPU figures. The bench stack logs the API's SQL
statements (to count them), which Prisma's query events cost a little.`;

function tables(m: Measured, f: Figures) {
  const us = (value: number) => formatNumber(value);
  const keys = ['requestsPerSecond', 'p50Ms', 'p99Ms', 'cpuMicrosPerRequest'] as const;
  const { api, bare } = f.profiles;
  return [
    table(
      `Medians of ${m.rounds} runs, ${m.connections} connections`,
      VARIANTS.map((variant) => ({ label: VARIANT_LABELS[variant], ...f[variant] })),
      [['Endpoint', (x) => x.label], ...LOAD_COLUMNS],
      [
        ['API ÷ Apollo floor', ...keys.map((key) => ratio(f.api[key], f.graphql[key]))],
        ['API ÷ peer', ...keys.map((key) => ratio(f.api[key], f.peer[key]))],
        ['API ÷ bare', ...keys.map((key) => ratio(f.api[key], f.bare[key]))],
      ],
    ),
    table(
      'Every run (each round runs every endpoint, starting with a different one)',
      m.runs.api.flatMap((_, i) =>
        VARIANTS.map((variant) => ({ round: i + 1, label: VARIANT_LABELS[variant], ...m.runs[variant][i]! })),
      ),
      [['Round', (x) => x.round], ['Endpoint', (x) => x.label], ...LOAD_COLUMNS],
    ),
    table(
      'Where the CPU goes: profiled self-time per request, µs (main thread)',
      CATEGORY_NAMES,
      [
        ['Category', (name) => name],
        [VARIANT_LABELS.api, (name) => us(api.categories[name]!)],
        [VARIANT_LABELS.bare, (name) => us(bare.categories[name]!)],
      ],
      [['total (profiled)', us(api.totalMicros), us(bare.totalMicros)]],
    ),
  ];
}

function targets(m: Measured, f: Figures) {
  const vsFloor = f.api.requestsPerSecond / f.graphql.requestsPerSecond;
  return [
    target(
      'requestUpload req/s vs the Apollo floor (GraphQL with no token, no database)',
      `≥ ${RATIO_TARGET}×`,
      ratio(f.api.requestsPerSecond, f.graphql.requestsPerSecond),
      vsFloor >= RATIO_TARGET,
    ),
    target(
      `requestUpload p99 at ${m.connections} connections`,
      `≤ ${P99_TARGET_MS} ms`,
      `${formatNumber(f.api.p99Ms, 1)} ms`,
      f.api.p99Ms <= P99_TARGET_MS,
    ),
    target(
      'requestUpload req/s vs the peer (graphql-yoga + JWT + presigned PUT + Prisma row)',
      '> 1×',
      ratio(f.api.requestsPerSecond, f.peer.requestsPerSecond),
      f.api.requestsPerSecond > f.peer.requestsPerSecond,
    ),
  ];
}

function charts(m: Measured, f: Figures) {
  const { api, bare } = f.profiles;
  const byCost = CATEGORY_NAMES.filter((name) => (api.categories[name] ?? 0) >= 1).sort(
    (a, b) => api.categories[b]! - api.categories[a]!,
  );
  return [
    chart('throughput', 'requestUpload vs bare presign: requests per second', {
      title: `Requests per second at ${m.connections} connections (median of ${m.rounds})`,
      unit: 'requests per second (higher is better)',
      series: VARIANTS.map((variant) => VARIANT_LABELS[variant]),
      groups: [{ label: 'req/s', values: VARIANTS.map((variant) => f[variant].requestsPerSecond) }],
    }),
    chart('cpu-breakdown', 'requestUpload vs bare presign: CPU µs per request by category', {
      title: 'Profiled CPU self-time per request (µs)',
      unit: 'µs per request (lower is better)',
      series: PROFILED.map((variant) => VARIANT_LABELS[variant]),
      groups: byCost.map((name) => ({ label: name, values: [api.categories[name]!, bare.categories[name]!] })),
    }),
  ];
}
