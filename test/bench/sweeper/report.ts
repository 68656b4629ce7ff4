// The sweeper benchmark's settings, and its tables, targets, chart and findings.
import { MAX_DELETE_BATCH } from '../../../src/storage/object-storage.ts';
import { chart, formatNumber as n, medians, missed, ratio, table, target, type Medians } from '../harness/report.ts';
import type { BenchResult, BenchTarget } from '../harness/types.ts';
import { sweepColumns, sweepFigures, type Sample, type SweepFigures } from './sample.ts';
import type { SweepSeed } from './seed.ts';
import { stagingSection } from './staging-report.ts';

export const VARIANTS = ['sweeper', 'naive'] as const;
export type Variant = (typeof VARIANTS)[number];
export const SEED: SweepSeed = { tickets: 10_000, withObjects: 1_000, multipart: 100, rejectedEvery: 10 };

export interface Measured {
  samples: Record<Variant, Sample[]>;
  /** The sweeps of staging/ by age, one per round. */
  staging: Sample[];
  rounds: number;
}

type Figures = Record<Variant, Medians<SweepFigures>>;

export function report(m: Measured): BenchResult {
  const f = {
    sweeper: medians(m.samples.sweeper.map(sweepFigures)),
    naive: medians(m.samples.naive.map(sweepFigures)),
  };
  const byAge = stagingSection(m.staging);
  const targets = [...sweepTargets(f), byAge.target];
  return {
    method: `${METHOD(m.rounds)} ${byAge.method}`,
    tables: [sweepTable(m, f), byAge.table],
    targets,
    charts: [
      chart('time', 'Time of one sweep', {
        title: `One sweep of ${n(SEED.tickets)} expired tickets`,
        unit: 'seconds (lower is better), median',
        series: ['seconds'],
        groups: VARIANTS.map((variant) => ({ label: variant, values: [f[variant].seconds] })),
        format: (value) => n(value, 2),
      }),
    ],
    findings: [
      ...findings(f),
      byAge.findings,
      targets.every((t) => t.met) ? 'All targets held.' : `Missed: ${missed(targets, true)}.`,
    ].join('\n\n'),
    raw: m.samples,
  };
}

function sweepTable(m: Measured, f: Figures) {
  return table(
    `One sweep of ${n(SEED.tickets)} tickets (medians of ${m.rounds})`,
    VARIANTS.map((variant) => ({ variant, ...f[variant] })),
    [
      ['sweep', (x) => x.variant],
      ...sweepColumns('seconds'),
      ['tickets/s', (x) => n(SEED.tickets / x.seconds)],
      ['DeleteObjects (done)', (x) => x.deleteObjects],
      ['DeleteObject (done)', (x) => n(x.deleteOne)],
      ['multipart aborts', (x) => x.aborts],
      ...sweepColumns('S3 requests', 'of them 5xx, retried', 'SQL statements', 'CPU ms'),
    ],
  );
}

function sweepTargets({ sweeper, naive }: Figures): BenchTarget[] {
  const batches = Math.ceil(SEED.tickets / MAX_DELETE_BATCH);
  return [
    target(
      `DeleteObjects calls for ${n(SEED.tickets)} tickets`,
      `${batches} (batches of ${n(MAX_DELETE_BATCH)}), no single DELETE`,
      `${sweeper.deleteObjects} + ${sweeper.singleDeletes} single (${sweeper.retried} answered 5xx and retried)`,
      sweeper.deleteObjects === batches && sweeper.singleDeletes === 0,
    ),
    target(
      'Multipart aborts',
      `one per unfinished upload (${SEED.multipart})`,
      String(sweeper.aborts),
      sweeper.aborts === SEED.multipart,
    ),
    target(
      'Sweep time vs one DELETE per object',
      '< 1×',
      ratio(sweeper.seconds, naive.seconds),
      sweeper.seconds < naive.seconds,
    ),
  ];
}

const METHOD = (rounds: number) =>
  [
    `Each run seeds ${n(SEED.tickets)} tickets that expired two days ago (every ${SEED.rejectedEvery}th one rejected instead, its object still to delete) in one INSERT … SELECT and one UPDATE;`,
    `${n(SEED.withObjects)} of them have an object in the store and ${SEED.multipart} an unfinished multipart upload with one part; the rest never uploaded anything (a sweep cannot know that and deletes their keys too).`,
    'Then one sweep runs in a process of its own on the server\'s core: "sweeper" is the project\'s (src/uploads/cleanup/sweeper.ts, as `npm run sweep` runs it: batches of up to 1,000 claimed with SKIP LOCKED, one DeleteObjects call each);',
    '"naive" finds the same tickets with one query and then, 8 at a time, aborts the multipart upload if any, sends one DeleteObject and updates the row.',
    'S3 requests are counted by the proxy, SQL statements by the sweeping process. Afterwards the run fails unless every ticket is REJECTED and marked deleted, no object is left under its prefix and every multipart upload is gone.',
    `Seeding is not measured. ${rounds} interleaved rounds, medians.`,
  ].join(' ');

function findings({ sweeper, naive }: Figures): string[] {
  const busy = (variant: Variant, x: Medians<SweepFigures>) =>
    `${n(x.cpuShare * 100)} % of the ${variant}'s ${n(x.seconds, 2)} s`;
  return [
    `The sweeper cleared ${n(SEED.tickets)} tickets in ${n(sweeper.seconds, 2)} s with ${sweeper.deleteObjects} DeleteObjects calls, ${sweeper.aborts} multipart aborts and ${n(sweeper.statements)} SQL statements (per batch of ${n(MAX_DELETE_BATCH)}: the claim, the status update, the deleted mark, the staging mark and COMMIT; then an empty claim and COMMIT for each pass).`,
    `Deleting object by object took ${n(naive.seconds, 2)} s (${ratio(naive.seconds, sweeper.seconds)} as long) with ${n(naive.requests)} S3 requests and ${n(naive.statements)} SQL statements: one round trip to the store and one to the database per ticket.`,
    `The sweeping process was busy on CPU ${busy('sweeper', sweeper)} and ${busy('naive', naive)}: a low share means the sweep waits on the store (which deletes each object from disk) and PostgreSQL; a high one means its own per-request work (building and signing each S3 request, each SQL statement) is the cost.`,
    `S3 request counts include calls the local store answered with a 5xx and the SDK sent again (${sweeper.retried} for the sweeper, ${naive.retried} for the naive sweep; for the sweeper that is one DeleteObjects call more than there are batches, typically the first, which deletes stored objects); the targets count the calls the store carried out. The sweeper's count also holds its pass by age over staging/ (one ListObjectsV2 and one ListMultipartUploads call, nothing there to delete); the naive sweep has no such pass.`,
  ];
}
