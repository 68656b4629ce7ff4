// The confirm-upload benchmark's tables, targets, chart and findings, from its samples.
import { CATEGORY_NAMES, perOperation, type ProfileSummary } from '../harness/cpu-profile.ts';
import {
  chart,
  formatNumber as n,
  medianOf,
  mediansBy,
  missed,
  ratio,
  table,
  target,
  type Column,
} from '../harness/report.ts';
import type { BenchResult, BenchTarget } from '../harness/types.ts';
import {
  ATTACHMENTS_PER_POST,
  CONCURRENCY,
  SCENARIOS,
  type ConfirmSample as Sample,
  type ConfirmScenario,
} from './fixtures.ts';
import { CPU_TARGET_MICROS, floorFindings, floorTarget } from './machine-scale.ts';
import { BEFORE_PROMOTION, promotionFindings, promotionTable, type Mid } from './promotion.ts';

export interface Measured {
  samples: Record<ConfirmScenario, Sample[]>;
  /** Confirms per run. */
  count: number;
  rounds: number;
  /** The profile of one more attachment run of `count` confirms. */
  profile: ProfileSummary;
  /** The Apollo floor's server CPU per request, µs, in each of its runs (machine-scale.ts). */
  floorCpuMicros: number[];
}

/** What every confirm asks of S3 once, in order (the proxy's labels): its verification. */
const EXPECTED_S3 = [
  ['HEAD object', 'HEAD'],
  ['PUT object (CopyObject)', 'CopyObject'],
  ['GET object (range)', 'ranged GET'],
] as const;
/**
 * The deletes after a confirm (its staged upload, a replaced avatar's object), gathered across
 * confirms (src/uploads/cleanup/deferred-deletes.ts): DeleteObjects requests, and plain DELETEs
 * when a moment gathered only a few keys.
 */
const GATHERED_DELETES = [
  'POST bucket (DeleteObjects)',
  'DELETE object (staging/…)',
  'DELETE object (files/…)',
] as const;
/** Gathered, the deletes must cost at most this many requests per confirm under load. */
const GATHERED_DELETE_REQUESTS_TARGET = 0.1;
const KNOWN_S3: readonly string[] = [...EXPECTED_S3.map(([kind]) => kind), ...GATHERED_DELETES];

export function report(m: Measured): BenchResult {
  const mid: Mid = (scenario, pick) => medianOf(m.samples[scenario], pick);
  const kinds = s3Kinds(m.samples);
  const floor = medianOf(m.floorCpuMicros, (us) => us);
  const targets = [...s3Targets(mid, kinds), ...costTargets(mid, floor)];
  const perConfirm = perOperation(m.profile, m.count);
  return {
    method: method(m),
    tables: [...tables(m, mid, kinds), promotionTable(mid), profileTable(m)],
    targets,
    charts: [
      chart('throughput', 'confirmUpload throughput', {
        title: 'confirmUpload throughput by what it links',
        unit: 'confirms per second (higher is better), median',
        series: [`before promotion (${BEFORE_PROMOTION.measured})`, 'this run'],
        groups: SCENARIOS.map((sc) => ({
          label: sc,
          values: [BEFORE_PROMOTION.scenarios[sc].confirmsPerSecond, mid(sc, (s) => s.confirmsPerSecond)],
        })),
      }),
    ],
    findings: [
      findings(m, targets, mid),
      promotionFindings(
        mid,
        perConfirm,
        m.samples.attachment.map((s) => s.serverCpuMicrosPerConfirm),
      ),
      floorFindings(floor, m.floorCpuMicros),
      profileFindings(perConfirm),
    ].join('\n\n'),
    raw: { samples: m.samples, profile: m.profile, floorCpuMicros: m.floorCpuMicros },
  };
}

/** S3 request kinds seen: the expected ones in their order, then any other, sorted. */
function s3Kinds(samples: Measured['samples']): string[] {
  const seen = new Set(SCENARIOS.flatMap((sc) => samples[sc].flatMap((s) => Object.keys(s.s3))));
  return [...KNOWN_S3.filter((kind) => seen.has(kind)), ...[...seen].filter((kind) => !KNOWN_S3.includes(kind)).sort()];
}

const method = (m: Measured) =>
  [
    `Before each run, ${m.count} tickets are issued and their files (a 2 KB PNG) POSTed straight to the store under staging/, as a browser would; none of that is measured.`,
    `Then the ${m.count} tickets are confirmed, ${CONCURRENCY} at a time, with a mutation that selects only the file's id and key (no URL signing, no owner lookup), so the figures are the confirm's own cost.`,
    `Kinds: an attachment to one of the viewer's posts (${ATTACHMENTS_PER_POST} per post), a first avatar, and an avatar replacing one (the old file is detached and its object deleted).`,
    `S3 requests are counted by the proxy in front of the store (a PUT with x-amz-copy-source is a CopyObject; a DELETE is labelled by key space, staging/ or files/), SQL statements by the API's query log. The API sends the deletes that follow a confirm (its staged upload, a replaced avatar's object) a moment after it, gathered into DeleteObjects requests, so each run's measurement (CPU, requests, the profile) ends twice that moment after its last confirm, and its confirms/s at the last answer; after each run the database and the store are read directly and the run fails unless every file is linked as confirmed, with its key under files/, no confirmed ticket's upload is left under staging/, and every replaced avatar is detached and marked deleted.`,
    `The three kinds run interleaved, ${m.rounds} rounds; figures are medians.`,
    `Then one more attachment run under a V8 CPU profile of the API (200 µs sampling; self-time by the code's origin, as in the requestUpload benchmark), which slows the API, so its total runs higher than the unprofiled CPU figure; only the confirms are profiled, not the tickets issued and uploaded for them.`,
    `Last, the requestUpload benchmark's Apollo floor runs on the same core, ${m.floorCpuMicros.length} times at 50 connections, to read the CPU per confirm in floor requests as well (the issue's target came from a faster machine).`,
  ].join(' ');

function tables(m: Measured, mid: Mid, kinds: string[]) {
  const med = mediansBy(m.samples);
  const baseline = med.attachment.confirmsPerSecond;
  const sqlKinds = [...new Set(SCENARIOS.flatMap((sc) => m.samples[sc].flatMap((s) => s.sqlKinds.map(([k]) => k))))];
  const ofKind = (sc: ConfirmScenario, kind: string) => mid(sc, (s) => s.sqlKinds.find(([k]) => k === kind)?.[1] ?? 0);
  const s3 = (sc: ConfirmScenario, kind: string) => mid(sc, (s) => s.s3[kind] ?? 0);
  return [
    table(
      `Throughput (${m.count} confirms per run, ${CONCURRENCY} at a time; medians of ${m.rounds} interleaved runs)`,
      SCENARIOS,
      [
        ['link', (sc) => sc],
        ['confirms/s', (sc) => n(med[sc].confirmsPerSecond)],
        ['vs attachment', (sc) => ratio(med[sc].confirmsPerSecond, baseline)],
        ['p50 ms', (sc) => n(med[sc].p50Ms, 1)],
        ['p99 ms', (sc) => n(med[sc].p99Ms, 1)],
        ['server CPU µs/confirm', (sc) => n(med[sc].serverCpuMicrosPerConfirm)],
      ],
    ),
    table('S3 requests per confirm, by kind (counted by the proxy in front of the store)', SCENARIOS, [
      ['link', (sc) => sc],
      ...kinds.map((kind): Column<ConfirmScenario> => [kind, (sc) => n(s3(sc, kind), 2)]),
    ]),
    table(
      'SQL statements per confirm, by kind (as the API sent them)',
      sqlKinds,
      [['statement', (kind) => kind], ...SCENARIOS.map((sc): Column<string> => [sc, (kind) => n(ofKind(sc, kind), 2)])],
      [['total', ...SCENARIOS.map((sc) => n(med[sc].sqlPerConfirm, 2))]],
    ),
  ];
}

const isGatheredDelete = (kind: string) => (GATHERED_DELETES as readonly string[]).includes(kind);

/** Requests per confirm that deleted what confirms left (staged uploads, replaced avatars), of any kind. */
const gatheredDeleteRequests = (mid: Mid, sc: ConfirmScenario) =>
  mid(sc, (s) => GATHERED_DELETES.reduce((sum, kind) => sum + (s.s3[kind] ?? 0), 0));

function s3Targets(mid: Mid, kinds: string[]): BenchTarget[] {
  return SCENARIOS.map((sc) => {
    const expected = EXPECTED_S3;
    const count = (kind: string) => mid(sc, (s) => s.s3[kind] ?? 0);
    const gathered = gatheredDeleteRequests(mid, sc);
    const others = kinds.filter(
      (kind) => !expected.some(([known]) => known === kind) && !isGatheredDelete(kind) && count(kind) > 0,
    );
    return target(
      `S3 requests per confirm (${sc})`,
      [
        ...expected.map(([, label]) => `1 ${label}`),
        `≤ ${n(GATHERED_DELETE_REQUESTS_TARGET, 2)} gathered deletes`,
      ].join(' + '),
      [
        ...expected.map(([kind, label]) => `${n(count(kind), 2)} ${label}`),
        `${n(gathered, 3)} gathered deletes`,
        ...others.map((kind) => `${n(count(kind), 2)} ${kind}`),
      ].join(' + '),
      expected.every(([kind]) => count(kind) === 1) &&
        gathered <= GATHERED_DELETE_REQUESTS_TARGET &&
        others.length === 0,
    );
  });
}

/** The issue's target for the commit's round trips (the CPU target: machine-scale.ts). */
export const COMMIT_ROUND_TRIPS_TARGET = 3;
/** The statements that link the file, record it and settle the ticket (one database function). */
const COMMIT_KINDS = [
  'SELECT confirm_upload',
  'BEGIN',
  'COMMIT',
  'INSERT File',
  'INSERT PostAttachment',
  'UPDATE User',
];

function costTargets(mid: Mid, floor: number): BenchTarget[] {
  return SCENARIOS.flatMap((sc) => {
    const cpu = mid(sc, (s) => s.serverCpuMicrosPerConfirm);
    const commit = mid(sc, (s) =>
      s.sqlKinds.filter(([kind]) => COMMIT_KINDS.some((k) => kind.startsWith(k))).reduce((a, [, c]) => a + c, 0),
    );
    return [
      target(
        `server CPU per confirm (${sc})`,
        `≤ ${n(CPU_TARGET_MICROS)} µs`,
        `${n(cpu)} µs`,
        cpu <= CPU_TARGET_MICROS,
      ),
      floorTarget(sc, cpu, floor),
      target(
        `SQL round trips to link, record the File and settle the ticket (${sc})`,
        `≤ ${COMMIT_ROUND_TRIPS_TARGET}`,
        n(commit, 2),
        commit <= COMMIT_ROUND_TRIPS_TARGET,
      ),
    ];
  });
}

function findings(m: Measured, targets: BenchTarget[], mid: Mid): string {
  const each = (text: (sc: ConfirmScenario) => string) => SCENARIOS.map((sc) => `${text(sc)} (${sc})`).join(', ');
  const marks = mid('avatar-replace', (s) => s.sqlKinds.find(([kind]) => kind === 'UPDATE File')?.[1] ?? 0);
  const perRequest = (sc: ConfirmScenario) => n(1 / Math.max(gatheredDeleteRequests(mid, sc), 1e-9));
  /** The share of one core the API used while confirming (median over runs). */
  const busy = (sc: ConfirmScenario) => mid(sc, (s) => (s.confirmsPerSecond * s.serverCpuMicrosPerConfirm) / 1e6);
  return [
    targets.filter((t) => t.name.startsWith('S3')).every((t) => t.met)
      ? `Every confirm asked the store the same three things, whatever it linked: a HEAD of the staged object (size, type, ETag), a CopyObject of it to its key under files/ (pinned to that ETag with x-amz-copy-source-if-match) and a ranged GET of the copy's first bytes (the real type). Once the transaction has committed, the staged object's delete is queued and sent with those of the other confirms of the moment: ${each((sc) => n(gatheredDeleteRequests(mid, sc), 3))} delete requests per confirm, i.e. one request for about ${each(perRequest)} confirms, at ${CONCURRENCY} confirms at a time.`
      : `S3 requests missed the target: ${missed(targets.filter((t) => t.name.startsWith('S3')))}.`,
    `Replacing an avatar adds the replaced file's object under files/ to the same gathered deletes, and its mark on the File (objectDeletedAt, once the object is gone) to one UPDATE per batch: ${n(marks, 3)} UPDATE File per confirm.`,
    `SQL statements per confirm: ${each((sc) =>
      n(
        mid(sc, (s) => s.sqlPerConfirm),
        1,
      ),
    )}. They are the ticket read before the store is asked, the promotion attempt's record (written before the copy, so a crash leaves nothing unowned), then the commit in one statement, the database function confirm_upload (it locks the ticket, then the post or the user, records the File, settles the ticket, links the file and removes the attempt's record, in the statement's own transaction). The staged upload's delete is then queued, with no mark on the ticket: nothing reads one there, and the sweeper deletes the key again once the ticket expires, as it must (a ticket can write its key until then). A replaced avatar's File is marked once its object is gone, in one UPDATE for the batch.`,
    `Server CPU per confirm is ${each((sc) => `${n(mid(sc, (s) => s.serverCpuMicrosPerConfirm))} µs`)}.`,
    `The API's core was busy ${SCENARIOS.map((sc) => `${n(busy(sc) * 100)} %`).join(' / ')} of the measured time (${SCENARIOS.join(' / ')}; confirms/s × CPU per confirm): near 100 % means throughput is bound by the API's own CPU, well below means it waits on PostgreSQL and the store, which share the other core with the load generator.`,
  ].join('\n\n');
}

function profileTable({ count, profile }: Measured) {
  const self = (name: string) => profile.categories[name] ?? 0;
  return table(
    'Where the CPU of an attachment confirm goes: profiled self-time per confirm, µs (main thread)',
    CATEGORY_NAMES,
    [
      ['category', (name) => name],
      ['µs per confirm', (name) => n(self(name) / count)],
      ['share', (name) => `${n((self(name) / profile.totalMicros) * 100)} %`],
    ],
    [['total (profiled)', n(profile.totalMicros / count), '100 %']],
  );
}

/** Why a category costs what it does in a confirm, for the ones that lead the profile. */
const WHY: Record<string, string> = {
  'Prisma (client + query compiler)':
    'Prisma runs none of the statements of a confirm any more: all are prepared statements on the pool',
  'AWS SDK (S3 signing, requests)':
    "the SDK's SigV4 signer, once for each of the three requests (HEAD, CopyObject, the ranged GET), which are sent with node:http rather than through the SDK's command pipeline (docs/storage.md), and the confirm's share of a DeleteObjects sent through the SDK",
  'node http / net / streams':
    'each confirm is one GraphQL request in and three S3 requests out (and its share of a DeleteObjects), over keep-alive sockets',
  'pg driver': "three statements and their results on the wire (the ticket read, the attempt's record, confirm_upload)",
  'app code (src/)': "the confirm's own steps, and the plumbing of the signed S3 requests and their answers",
  'logging (pino)': 'one request log line per confirm, the authorization header redacted',
};

function profileFindings(perConfirm: ProfileSummary): string {
  const top = CATEGORY_NAMES.map((name) => [name, perConfirm.categories[name]!] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  const reasons = top.flatMap(([name]) => (WHY[name] ? [WHY[name]] : []));
  return (
    `Profiled, the largest costs of a confirm are ${top.map(([name, us]) => `${name} (${n(us)} µs)`).join(', ')}` +
    `${reasons.length ? `: ${reasons.join('; ')}` : ''}. ` +
    'These are per-request costs of the libraries, not of the bytes stored: a confirm makes the same three S3 requests whatever the size of the file (up to S3_MAX_COPY_BYTES; larger files are copied in parts).'
  );
}
