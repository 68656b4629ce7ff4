// The sweeper benchmark's settings, and its tables, targets, chart and findings.
import { MAX_DELETE_BATCH } from '../../../src/storage/object-storage.ts';
import { barChart } from '../harness/chart.ts';
import { median } from '../harness/stats.ts';
import { formatNumber, ratio } from '../harness/report.ts';
import type { BenchResult, BenchTarget } from '../harness/types.ts';
import { DELETE_OBJECTS, done, requests as allRequests, retried as allRetried, type Sample } from './sample.ts';
import type { SweepSeed } from './seed.ts';
import { stagingSection } from './staging-report.ts';

export const VARIANTS = ['sweeper', 'naive'] as const;
export type Variant = (typeof VARIANTS)[number];
export const SEED: SweepSeed = { tickets: 10_000, withObjects: 1_000, multipart: 100, rejectedEvery: 10 };
const DELETE_ONE = 'DELETE object';
const ABORT = 'DELETE object (multipart abort)';

export function sweepReport(samples: Record<Variant, Sample[]>, staging: Sample[], rounds: number): BenchResult {
  const mid = (variant: Variant, pick: (s: Sample) => number) => median(samples[variant].map(pick));
  const kind = (variant: Variant, name: string) => mid(variant, (s) => s.s3[name] ?? 0);
  const accepted = (variant: Variant, name: string) => mid(variant, (s) => done(s, name));
  const retried = (variant: Variant) => mid(variant, allRetried);
  const seconds = (variant: Variant) => mid(variant, (s) => s.milliseconds / 1000);
  const requests = (variant: Variant) => mid(variant, allRequests);
  const byAge = stagingSection(staging);
  const cpuShare = (variant: Variant) => mid(variant, (s) => s.cpuMillis / s.milliseconds);
  const batches = Math.ceil(SEED.tickets / MAX_DELETE_BATCH);

  const targets: BenchTarget[] = [
    {
      name: `DeleteObjects calls for ${formatNumber(SEED.tickets)} tickets`,
      target: `${batches} (batches of ${formatNumber(MAX_DELETE_BATCH)}), no single DELETE`,
      measured: `${accepted('sweeper', DELETE_OBJECTS)} + ${kind('sweeper', DELETE_ONE)} single (${retried('sweeper')} answered 5xx and retried)`,
      met: accepted('sweeper', DELETE_OBJECTS) === batches && kind('sweeper', DELETE_ONE) === 0,
    },
    {
      name: 'Multipart aborts',
      target: `one per unfinished upload (${SEED.multipart})`,
      measured: String(kind('sweeper', ABORT)),
      met: kind('sweeper', ABORT) === SEED.multipart,
    },
    {
      name: 'Sweep time vs one DELETE per object',
      target: '< 1×',
      measured: ratio(seconds('sweeper'), seconds('naive')),
      met: seconds('sweeper') < seconds('naive'),
    },
    byAge.target,
  ];

  return {
    method: [
      `Each run seeds ${formatNumber(SEED.tickets)} tickets that expired two days ago (every ${SEED.rejectedEvery}th one rejected instead, its object still to delete) in one INSERT … SELECT and one UPDATE;`,
      `${formatNumber(SEED.withObjects)} of them have an object in the store and ${SEED.multipart} an unfinished multipart upload with one part; the rest never uploaded anything (a sweep cannot know that and deletes their keys too).`,
      'Then one sweep runs in a process of its own on the server\'s core: "sweeper" is the project\'s (src/uploads/cleanup/sweeper.ts, as `npm run sweep` runs it: batches of up to 1,000 claimed with SKIP LOCKED, one DeleteObjects call each);',
      '"naive" finds the same tickets with one query and then, 8 at a time, aborts the multipart upload if any, sends one DeleteObject and updates the row.',
      'S3 requests are counted by the proxy, SQL statements by the sweeping process. Afterwards the run fails unless every ticket is REJECTED and marked deleted, no object is left under its prefix and every multipart upload is gone.',
      `Seeding is not measured. ${rounds} interleaved rounds, medians.`,
      byAge.method,
    ].join(' '),
    tables: [
      {
        caption: `One sweep of ${formatNumber(SEED.tickets)} tickets (medians of ${rounds})`,
        columns: [
          'sweep',
          'seconds',
          'tickets/s',
          'DeleteObjects (done)',
          'DeleteObject (done)',
          'multipart aborts',
          'S3 requests',
          'of them 5xx, retried',
          'SQL statements',
          'CPU ms',
        ],
        rows: VARIANTS.map((variant) => [
          variant,
          formatNumber(seconds(variant), 2),
          formatNumber(SEED.tickets / seconds(variant)),
          accepted(variant, DELETE_OBJECTS),
          formatNumber(accepted(variant, DELETE_ONE)),
          kind(variant, ABORT),
          formatNumber(requests(variant)),
          formatNumber(retried(variant)),
          formatNumber(mid(variant, (s) => s.statements)),
          formatNumber(mid(variant, (s) => s.cpuMillis)),
        ]),
      },
      byAge.table,
    ],
    targets,
    charts: [
      {
        id: 'time',
        title: 'Time of one sweep',
        svg: barChart({
          title: `One sweep of ${formatNumber(SEED.tickets)} expired tickets`,
          unit: 'seconds (lower is better), median',
          series: ['seconds'],
          groups: VARIANTS.map((variant) => ({ label: variant, values: [seconds(variant)] })),
          format: (value) => formatNumber(value, 2),
        }),
      },
    ],
    findings: [
      `The sweeper cleared ${formatNumber(SEED.tickets)} tickets in ${formatNumber(seconds('sweeper'), 2)} s with ${accepted('sweeper', DELETE_OBJECTS)} DeleteObjects calls, ${kind('sweeper', ABORT)} multipart aborts and ${formatNumber(mid('sweeper', (s) => s.statements))} SQL statements (per batch of ${formatNumber(MAX_DELETE_BATCH)}: the claim, the status update, the deleted mark, the staging mark and COMMIT; then an empty claim and COMMIT for each pass).`,
      `Deleting object by object took ${formatNumber(seconds('naive'), 2)} s (${ratio(seconds('naive'), seconds('sweeper'))} as long) with ${formatNumber(requests('naive'))} S3 requests and ${formatNumber(mid('naive', (s) => s.statements))} SQL statements: one round trip to the store and one to the database per ticket.`,
      `The sweeping process was busy on CPU ${VARIANTS.map((v) => `${formatNumber(cpuShare(v) * 100)} % of the ${v}'s ${formatNumber(seconds(v), 2)} s`).join(' and ')}: a low share means the sweep waits on the store (which deletes each object from disk) and PostgreSQL; a high one means its own per-request work (building and signing each S3 request, each SQL statement) is the cost.`,
      `S3 request counts include calls the local store answered with a 5xx and the SDK sent again (${retried('sweeper')} for the sweeper, ${retried('naive')} for the naive sweep; for the sweeper that is one DeleteObjects call more than there are batches, typically the first, which deletes stored objects); the targets count the calls the store carried out. The sweeper's count also holds its pass by age over staging/ (one ListObjectsV2 and one ListMultipartUploads call, nothing there to delete); the naive sweep has no such pass.`,
      byAge.findings,
      targets.every((t) => t.met)
        ? 'All targets held.'
        : `Missed: ${targets
            .filter((t) => !t.met)
            .map((t) => `${t.name}: ${t.measured} (target ${t.target})`)
            .join('; ')}.`,
    ].join('\n\n'),
    raw: samples,
  };
}
