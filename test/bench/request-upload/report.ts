// Tables, targets, charts and findings of the requestUpload benchmark, from measured figures only.
import { CATEGORY_NAMES, type ProfileSummary } from '../harness/cpu-profile.ts';
import { barChart } from '../harness/chart.ts';
import type { LoadResult } from '../harness/load.ts';
import { formatNumber, median } from '../harness/stats.ts';
import type { BenchResult } from '../harness/types.ts';
import { findings } from './findings.ts';
import { VARIANT_LABELS, VARIANTS, type Variant } from './variants.ts';

/** The API and its anchor are profiled; the Apollo floor is only timed. */
export const PROFILED = ['api', 'bare'] as const;
export type ProfiledVariant = (typeof PROFILED)[number];

export interface Measured {
  runs: Record<Variant, LoadResult[]>;
  profiles: Record<ProfiledVariant, { load: LoadResult; profile: ProfileSummary }>;
  statementsPerRequest: number;
  loadAverage: [number, number];
  cores: number;
  connections: number;
  seconds: number;
  rounds: number;
  users: number;
}

const RATIO_TARGET = 0.6;
const P99_TARGET_MS = 50;

type Medians = Record<'requestsPerSecond' | 'p50Ms' | 'p99Ms' | 'cpuMicrosPerRequest', number>;

function mediansOf(runs: LoadResult[]): Medians {
  return {
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    cpuMicrosPerRequest: median(runs.map((r) => r.cpuMicrosPerRequest ?? NaN)),
  };
}

/** Self-time per request, µs, by category. */
function perRequest({ load, profile }: Measured['profiles'][ProfiledVariant]): Record<string, number> {
  return Object.fromEntries(CATEGORY_NAMES.map((name) => [name, (profile.categories[name] ?? 0) / load.requests]));
}

export function summarise(m: Measured): BenchResult {
  const api = mediansOf(m.runs.api);
  const bare = mediansOf(m.runs.bare);
  const floor = mediansOf(m.runs.graphql);
  const throughputRatio = api.requestsPerSecond / bare.requestsPerSecond;
  const cpuRatio = api.cpuMicrosPerRequest / bare.cpuMicrosPerRequest;
  const apiProfile = perRequest(m.profiles.api);
  const bareProfile = perRequest(m.profiles.bare);
  const apiProfiled = m.profiles.api.profile.totalMicros / m.profiles.api.load.requests;
  const bareProfiled = m.profiles.bare.profile.totalMicros / m.profiles.bare.load.requests;
  const us = (value: number) => formatNumber(value);
  const row = (label: string, x: Medians) => [
    label,
    formatNumber(x.requestsPerSecond),
    formatNumber(x.p50Ms, 1),
    formatNumber(x.p99Ms, 1),
    us(x.cpuMicrosPerRequest),
  ];
  const byCost = CATEGORY_NAMES.filter((name) => (apiProfile[name] ?? 0) >= 1).sort(
    (a, b) => apiProfile[b]! - apiProfile[a]!,
  );
  const ratioMet = throughputRatio >= RATIO_TARGET;
  const p99Met = api.p99Ms <= P99_TARGET_MS;

  return {
    method: [
      `${m.rounds} interleaved rounds (API, Apollo floor, bare; the order rotates) of ${m.seconds} s at ${m.connections} connections,`,
      `after a warm-up. The API runs as in production (NODE_ENV=production, request logs at info) on core 0; every request`,
      `carries a real HS256 bearer token (rotating over ${m.users} users) and writes a PENDING ticket row in PostgreSQL`,
      `(the row count is checked against the answered requests, and one ticket of each endpoint is used to store a file`,
      `and, for the API, confirmed). The anchor is the seeds' design: a bare node:http endpoint, pinned the same way,`,
      `that validates a small JSON body and returns \`createPresignedPost\`'s fields (no auth, no database, no GraphQL).`,
      `Between them, the "Apollo floor": Apollo Server 5 behind the app's own HTTP handler (and its request log line),`,
      `answering a mutation that presigns the same way, with no token and no database.`,
      `Server CPU is user + system time of the server process (all threads) per answered request. The breakdown is a V8`,
      `CPU profile of the API and the bare endpoint (200 µs sampling) during one more run of each, self-time by the code's origin; profiling`,
      `slows the server, so its totals run higher than the unprofiled CPU figures. The bench stack logs the API's SQL`,
      `statements (to count them), which Prisma's query events cost a little.`,
    ].join('\n'),
    tables: [
      {
        caption: `Medians of ${m.rounds} runs, ${m.connections} connections`,
        columns: ['Endpoint', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/request'],
        rows: [
          row(VARIANT_LABELS.api, api),
          row(VARIANT_LABELS.graphql, floor),
          row(VARIANT_LABELS.bare, bare),
          [
            'API ÷ bare',
            `${throughputRatio.toFixed(2)}×`,
            `${(api.p50Ms / bare.p50Ms).toFixed(2)}×`,
            `${(api.p99Ms / bare.p99Ms).toFixed(2)}×`,
            `${cpuRatio.toFixed(2)}×`,
          ],
        ],
      },
      {
        caption: 'Every run (each round runs every endpoint, starting with a different one)',
        columns: ['Round', 'Endpoint', 'req/s', 'p50 ms', 'p99 ms', 'server CPU µs/request'],
        rows: m.runs.api.flatMap((_, i) =>
          VARIANTS.map((variant) => {
            const run = m.runs[variant][i]!;
            return [
              i + 1,
              VARIANT_LABELS[variant],
              formatNumber(run.requestsPerSecond),
              formatNumber(run.p50Ms, 1),
              formatNumber(run.p99Ms, 1),
              us(run.cpuMicrosPerRequest ?? NaN),
            ];
          }),
        ),
      },
      {
        caption: 'Where the CPU goes: profiled self-time per request, µs (main thread)',
        columns: ['Category', VARIANT_LABELS.api, VARIANT_LABELS.bare],
        rows: [
          ...CATEGORY_NAMES.map((name) => [name, us(apiProfile[name]!), us(bareProfile[name]!)]),
          ['total (profiled)', us(apiProfiled), us(bareProfiled)],
        ],
      },
    ],
    targets: [
      {
        name: 'requestUpload req/s vs the bare presign endpoint',
        target: `≥ ${RATIO_TARGET}×`,
        measured: `${throughputRatio.toFixed(2)}×`,
        met: ratioMet,
      },
      {
        name: `requestUpload p99 at ${m.connections} connections`,
        target: `≤ ${P99_TARGET_MS} ms`,
        measured: `${formatNumber(api.p99Ms, 1)} ms`,
        met: p99Met,
      },
    ],
    charts: [
      {
        id: 'throughput',
        title: 'requestUpload vs bare presign: requests per second',
        svg: barChart({
          title: `Requests per second at ${m.connections} connections (median of ${m.rounds})`,
          unit: 'requests per second (higher is better)',
          series: [VARIANT_LABELS.api, VARIANT_LABELS.graphql, VARIANT_LABELS.bare],
          groups: [
            { label: 'req/s', values: [api.requestsPerSecond, floor.requestsPerSecond, bare.requestsPerSecond] },
          ],
        }),
      },
      {
        id: 'cpu-breakdown',
        title: 'requestUpload vs bare presign: CPU µs per request by category',
        svg: barChart({
          title: 'Profiled CPU self-time per request (µs)',
          unit: 'µs per request (lower is better)',
          series: [VARIANT_LABELS.api, VARIANT_LABELS.bare],
          groups: byCost.map((name) => ({ label: name, values: [apiProfile[name]!, bareProfile[name]!] })),
        }),
      },
    ],
    findings: findings({
      api,
      bare,
      floor,
      ratioTarget: RATIO_TARGET,
      p99TargetMs: P99_TARGET_MS,
      connections: m.connections,
      statementsPerRequest: m.statementsPerRequest,
      loadAverage: m.loadAverage,
      cores: m.cores,
      apiProfile,
      bareProfile,
    }),
    raw: {
      runs: m.runs,
      profiles: m.profiles,
      statementsPerRequest: m.statementsPerRequest,
      loadAverage: m.loadAverage,
    },
  };
}
