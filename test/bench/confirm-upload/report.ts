// The confirm-upload benchmark's tables, targets, chart and findings, from its samples.
import { barChart } from '../harness/chart.ts';
import { CATEGORY_NAMES, type ProfileSummary } from '../harness/cpu-profile.ts';
import { median } from '../harness/stats.ts';
import { formatNumber, ratio } from '../harness/report.ts';
import type { BenchResult, BenchTable, BenchTarget } from '../harness/types.ts';
import {
  ATTACHMENTS_PER_POST,
  CONCURRENCY,
  SCENARIOS,
  type ConfirmSample as Sample,
  type ConfirmScenario,
} from './fixtures.ts';
import { BEFORE_PROMOTION, promotionFindings, promotionTable } from './promotion.ts';

/** What a confirm asks of S3, in order (the proxy's labels); the replaced avatar's DELETE last. */
const EXPECTED_S3 = [
  ['HEAD object', 'HEAD'],
  ['PUT object (CopyObject)', 'CopyObject'],
  ['GET object (range)', 'ranged GET'],
  ['DELETE object (staging/…)', 'DELETE (staged)'],
  ['DELETE object (files/…)', 'DELETE (replaced avatar)'],
] as const;
const expectedS3 = (sc: ConfirmScenario) => EXPECTED_S3.slice(0, sc === 'avatar-replace' ? 5 : 4);

export function confirmReport(
  samples: Record<ConfirmScenario, Sample[]>,
  settings: { count: number; rounds: number },
  profiled: { confirms: number; profile: ProfileSummary },
): BenchResult {
  const mid = (scenario: ConfirmScenario, pick: (s: Sample) => number) => median(samples[scenario].map(pick));
  const baseline = mid('attachment', (s) => s.confirmsPerSecond);
  const seen = new Set(SCENARIOS.flatMap((sc) => samples[sc].flatMap((s) => Object.keys(s.s3))));
  const s3Kinds = [
    ...EXPECTED_S3.map(([kind]) => kind).filter((kind) => seen.has(kind)),
    ...[...seen].filter((kind) => !EXPECTED_S3.some(([known]) => known === kind)).sort(),
  ];
  const sqlKinds = [...new Set(SCENARIOS.flatMap((sc) => samples[sc].flatMap((s) => s.sqlKinds.map(([k]) => k))))];
  const kindPerConfirm = (sc: ConfirmScenario, kind: string) =>
    mid(sc, (s) => s.sqlKinds.find(([k]) => k === kind)?.[1] ?? 0);

  const tables: BenchTable[] = [
    {
      caption: `Throughput (${settings.count} confirms per run, ${CONCURRENCY} at a time; medians of ${settings.rounds} interleaved runs)`,
      columns: ['link', 'confirms/s', 'vs attachment', 'p50 ms', 'p99 ms', 'server CPU µs/confirm'],
      rows: SCENARIOS.map((sc) => [
        sc,
        formatNumber(mid(sc, (s) => s.confirmsPerSecond)),
        ratio(
          mid(sc, (s) => s.confirmsPerSecond),
          baseline,
        ),
        formatNumber(
          mid(sc, (s) => s.p50Ms),
          1,
        ),
        formatNumber(
          mid(sc, (s) => s.p99Ms),
          1,
        ),
        formatNumber(mid(sc, (s) => s.serverCpuMicrosPerConfirm)),
      ]),
    },
    {
      caption: 'S3 requests per confirm, by kind (counted by the proxy in front of the store)',
      columns: ['link', ...s3Kinds],
      rows: SCENARIOS.map((sc) => [
        sc,
        ...s3Kinds.map((kind) =>
          formatNumber(
            mid(sc, (s) => s.s3[kind] ?? 0),
            2,
          ),
        ),
      ]),
    },
    {
      caption: 'SQL statements per confirm, by kind (as the API sent them)',
      columns: ['statement', ...SCENARIOS],
      rows: [
        ...sqlKinds.map((kind) => [kind, ...SCENARIOS.map((sc) => formatNumber(kindPerConfirm(sc, kind), 2))]),
        [
          'total',
          ...SCENARIOS.map((sc) =>
            formatNumber(
              mid(sc, (s) => s.sqlPerConfirm),
              2,
            ),
          ),
        ],
      ],
    },
    promotionTable(mid),
    profileTable(profiled),
  ];

  const targets: BenchTarget[] = SCENARIOS.map((sc) => {
    const expected = expectedS3(sc);
    const unexpected = s3Kinds.filter((kind) => !expected.some(([known]) => known === kind));
    const count = (kind: string) => mid(sc, (s) => s.s3[kind] ?? 0);
    const others = unexpected.filter((kind) => count(kind) > 0);
    return {
      name: `S3 requests per confirm (${sc})`,
      target: expected.map(([, label]) => `1 ${label}`).join(' + '),
      measured: [
        ...expected.map(([kind, label]) => `${formatNumber(count(kind), 2)} ${label}`),
        ...others.map((kind) => `${formatNumber(count(kind), 2)} ${kind}`),
      ].join(' + '),
      met: expected.every(([kind]) => count(kind) === 1) && others.length === 0,
    };
  });

  const chart = barChart({
    title: 'confirmUpload throughput by what it links',
    unit: 'confirms per second (higher is better), median',
    series: [`before promotion (${BEFORE_PROMOTION.measured})`, 'this run'],
    groups: SCENARIOS.map((sc) => ({
      label: sc,
      values: [BEFORE_PROMOTION.scenarios[sc].confirmsPerSecond, mid(sc, (s) => s.confirmsPerSecond)],
    })),
  });

  return {
    method: [
      `Before each run, ${settings.count} tickets are issued and their files (a 2 KB PNG) POSTed straight to the store under staging/, as a browser would; none of that is measured.`,
      `Then the ${settings.count} tickets are confirmed, ${CONCURRENCY} at a time, with a mutation that selects only the file's id and key (no URL signing, no owner lookup), so the figures are the confirm's own cost.`,
      `Kinds: an attachment to one of the viewer's posts (${ATTACHMENTS_PER_POST} per post), a first avatar, and an avatar replacing one (the old file is detached and its object deleted).`,
      `S3 requests are counted by the proxy in front of the store (a PUT with x-amz-copy-source is a CopyObject; a DELETE is labelled by key space, staging/ or files/), SQL statements by the API's query log; after each run the database is read directly and the run fails unless every file is linked as confirmed, with its key under files/ and its ticket's staged object marked deleted.`,
      `The three kinds run interleaved, ${settings.rounds} rounds; figures are medians.`,
      `Then one more attachment run under a V8 CPU profile of the API (200 µs sampling; self-time by the code's origin, as in the requestUpload benchmark), which slows the API, so its total runs higher than the unprofiled CPU figure.`,
    ].join(' '),
    tables,
    targets,
    charts: [{ id: 'throughput', title: 'confirmUpload throughput', svg: chart }],
    findings: [
      findings(samples, targets, mid),
      promotionFindings(
        mid,
        {
          totalMicros: profiled.profile.totalMicros / profiled.confirms,
          categories: Object.fromEntries(
            Object.entries(profiled.profile.categories).map(([name, us]) => [name, us / profiled.confirms]),
          ),
        },
        samples.attachment.map((s) => s.serverCpuMicrosPerConfirm),
      ),
      profileFindings(profiled),
    ].join('\n\n'),
    raw: { samples, profile: profiled.profile },
  };
}

function findings(
  samples: Record<ConfirmScenario, Sample[]>,
  targets: BenchTarget[],
  mid: (sc: ConfirmScenario, pick: (s: Sample) => number) => number,
): string {
  const sql = SCENARIOS.map(
    (sc) =>
      `${formatNumber(
        mid(sc, (s) => s.sqlPerConfirm),
        1,
      )} (${sc})`,
  ).join(', ');
  const deletes = mid('avatar-replace', (s) => s.s3['DELETE object (files/…)'] ?? 0);
  const missed = targets.filter((t) => !t.met);
  return [
    missed.length === 0
      ? "Every confirm asked the store the same four things, whatever it linked: a HEAD of the staged object (size, type, ETag), a CopyObject of it to its key under files/ (pinned to that ETag with x-amz-copy-source-if-match), a ranged GET of the copy's first bytes (the real type) and, once the transaction has committed, a DELETE of the staged object."
      : `S3 requests missed the target: ${missed.map((t) => `${t.name}: ${t.measured}`).join('; ')}.`,
    `Replacing an avatar adds ${formatNumber(deletes, 2)} DELETE per confirm: the replaced file's object under files/, deleted right after the transaction commits, next to the staged one.`,
    `SQL statements per confirm: ${sql}. They are the ticket read before the store is asked, the promotion attempt's record (written before the copy, so a crash leaves nothing unowned), then one transaction: the ticket's lock (which also checks it is still PENDING), the link target's lock, the File insert, the ticket's status update (which removes the attempt's record in the same statement), the link, COMMIT (the query log has no BEGIN); after it, the staged object's DELETE is marked on the ticket. The table shows the split; a replaced avatar adds the old file's detach and, after its object is deleted, its mark.`,
    `Server CPU per confirm is ${SCENARIOS.map((sc) => `${formatNumber(mid(sc, (s) => s.serverCpuMicrosPerConfirm))} µs (${sc})`).join(', ')}.`,
    `The API's core was busy ${SCENARIOS.map((sc) => `${formatNumber(busyShare(samples[sc]) * 100)} %`).join(' / ')} of the measured time (${SCENARIOS.join(' / ')}; confirms/s × CPU per confirm): near 100 % means throughput is bound by the API's own CPU, well below means it waits on PostgreSQL and the store, which share the other core with the load generator.`,
  ].join('\n\n');
}

/** The share of one core the API used while confirming (median over runs). */
function busyShare(runs: readonly Sample[]): number {
  return median(runs.map((s) => (s.confirmsPerSecond * s.serverCpuMicrosPerConfirm) / 1e6));
}

function profileTable({ confirms, profile }: { confirms: number; profile: ProfileSummary }): BenchTable {
  return {
    caption: 'Where the CPU of an attachment confirm goes: profiled self-time per confirm, µs (main thread)',
    columns: ['category', 'µs per confirm', 'share'],
    rows: [
      ...CATEGORY_NAMES.map((name) => [
        name,
        formatNumber((profile.categories[name] ?? 0) / confirms),
        `${formatNumber(((profile.categories[name] ?? 0) / profile.totalMicros) * 100)} %`,
      ]),
      ['total (profiled)', formatNumber(profile.totalMicros / confirms), '100 %'],
    ],
  };
}

/** Why a category costs what it does in a confirm, for the ones that lead the profile. */
const WHY: Record<string, string> = {
  'Prisma (client + query compiler)':
    'Prisma runs the confirm as an interactive transaction, statement by statement, each with its own request building and result mapping',
  'AWS SDK (S3 signing, requests)':
    'the AWS SDK runs its whole middleware stack and endpoint rules for each of the four requests (HEAD, CopyObject, the ranged GET, the staged DELETE)',
  'node http / net / streams':
    'each confirm is one GraphQL request in and four S3 requests out, over keep-alive sockets',
  'pg driver': 'the statements and their results on the wire',
};

function profileFindings({ confirms, profile }: { confirms: number; profile: ProfileSummary }): string {
  const top = CATEGORY_NAMES.map((name) => [name, (profile.categories[name] ?? 0) / confirms] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  const reasons = top.flatMap(([name]) => (WHY[name] ? [WHY[name]] : []));
  return (
    `Profiled, the largest costs of a confirm are ${top.map(([name, us]) => `${name} (${formatNumber(us)} µs)`).join(', ')}` +
    `${reasons.length ? `: ${reasons.join('; ')}` : ''}. ` +
    'These are per-request costs of the libraries, not of the bytes stored: a confirm makes the same four S3 requests whatever the size of the file (up to S3_MAX_COPY_BYTES; larger files are copied in parts).'
  );
}
