// The sweeper benchmark's staging-by-age case: its table, target and findings.
import { MAX_DELETE_BATCH } from '../../../src/storage/object-storage.ts';
import { median } from '../harness/stats.ts';
import { formatNumber } from '../harness/report.ts';
import type { BenchTable, BenchTarget } from '../harness/types.ts';
import { DELETE_OBJECTS, LIST_OBJECTS, LIST_UPLOADS, done, requests, retried, type Sample } from './sample.ts';
import { GAP_MS, STAGING_SEED } from './staging.ts';

/** Four row passes (ticket, file, staged, attempt), each an empty claim and COMMIT. */
const ROW_PASS_STATEMENTS = 8;

const COLUMNS: [string, (s: Sample) => number, number][] = [
  ['seconds', (s) => s.milliseconds / 1000, 2],
  ['objects/s', (s) => STAGING_SEED.old / (s.milliseconds / 1000), 0],
  ['DeleteObjects (done)', (s) => done(s, DELETE_OBJECTS), 0],
  ['ListObjectsV2', (s) => done(s, LIST_OBJECTS), 0],
  ['ListMultipartUploads', (s) => done(s, LIST_UPLOADS), 0],
  ['S3 requests', requests, 0],
  ['of them 5xx, retried', retried, 0],
  ['SQL statements', (s) => s.statements, 0],
  ['CPU ms', (s) => s.cpuMillis, 0],
];

export function stagingSection(samples: readonly Sample[]): {
  method: string;
  table: BenchTable;
  target: BenchTarget;
  findings: string;
} {
  const mid = (pick: (s: Sample) => number) => median(samples.map(pick));
  const cell = ([, pick, digits]: (typeof COLUMNS)[number], value = mid(pick)) => formatNumber(value, digits);
  const batches = Math.ceil(STAGING_SEED.old / MAX_DELETE_BATCH);
  const deletes = mid((s) => done(s, DELETE_OBJECTS));
  const pages = Math.ceil((STAGING_SEED.old + STAGING_SEED.young) / 1000);
  const old = formatNumber(STAGING_SEED.old);
  return {
    method:
      `**Staging by age:** after the comparison, each round PUTs ${old} objects under staging/ (no ticket rows), waits ${formatNumber(GAP_MS / 1000, 1)} s (the local store's LastModified has whole seconds) and PUTs ${STAGING_SEED.young} more (one per user directory, next to that user's 100 old ones), past the counting proxy and unmeasured; ` +
      "then one sweep runs in the sweeper's process with its clock (`now`) set so that the age cutoff (ticket lifetime + grace before `now`) falls between the two groups' LastModified. " +
      `Afterwards staging/ is listed: the run fails unless every old object is gone and all ${STAGING_SEED.young} young ones are still there.`,
    table: {
      caption: `One sweep of staging/ by age: ${old} objects past the cutoff, ${STAGING_SEED.young} younger (each round, and medians)`,
      columns: ['round', ...COLUMNS.map(([name]) => name)],
      rows: [
        ...samples.map((s, i) => [String(i + 1), ...COLUMNS.map((column) => cell(column, column[1](s)))]),
        ['median', ...COLUMNS.map((column) => cell(column))],
      ],
    },
    target: {
      name: `DeleteObjects calls for ${old} staged objects by age`,
      target: `≤ ${batches} (full batches of ${formatNumber(MAX_DELETE_BATCH)} across listing pages)`,
      measured: `${formatNumber(deletes)} (${formatNumber(mid(retried))} answered 5xx and retried)`,
      met: deletes <= batches,
    },
    findings: [
      `By age, one sweep deleted the ${old} staged objects past the cutoff in ${formatNumber(
        mid((s) => s.milliseconds / 1000),
        2,
      )} s with ${formatNumber(deletes)} DeleteObjects calls`,
      `(keys gathered across the listing's pages into full batches of ${formatNumber(MAX_DELETE_BATCH)}), ${formatNumber(mid((s) => done(s, LIST_OBJECTS)))} ListObjectsV2 calls`,
      `(pages of up to 1,000 keys: ${formatNumber(STAGING_SEED.old + STAGING_SEED.young)} objects need ${pages}) and ${formatNumber(mid((s) => done(s, LIST_UPLOADS)))} ListMultipartUploads call;`,
      `the ${STAGING_SEED.young} younger objects were all kept. Of its ${formatNumber(mid((s) => s.statements))} SQL statements, ${ROW_PASS_STATEMENTS} are the row passes finding nothing to claim (a claim and COMMIT each); the others, one per listing page with keys past the cutoff, ask which of those keys belong to PENDING tickets (kept whatever their age).`,
      `The sweeping process was busy on CPU ${formatNumber(mid((s) => s.cpuMillis / s.milliseconds) * 100)} % of the sweep (reading the listings' XML, building the DeleteObjects bodies); the rest is waiting on the store, which lists the prefix and deletes every object from its disk, one page and one batch after the other.`,
    ].join(' '),
  };
}
