// The sweeper benchmark's staging-by-age case: its table, target and findings.
import { MAX_DELETE_BATCH } from '../../../src/storage/object-storage.ts';
import { formatNumber as n, medians, table, target, type Column } from '../harness/report.ts';
import type { BenchTable, BenchTarget } from '../harness/types.ts';
import { sweepColumns, sweepFigures, type Sample, type SweepFigures } from './sample.ts';
import { GAP_MS, STAGING_SEED } from './staging.ts';

/** Four row passes (ticket, file, staged, attempt), each an empty claim and COMMIT. */
const ROW_PASS_STATEMENTS = 8;
const old = n(STAGING_SEED.old);

type Figures = SweepFigures & { objectsPerSecond: number };

const COLUMNS: Column<Figures>[] = [
  ...sweepColumns('seconds'),
  ['objects/s', (f) => n(f.objectsPerSecond)],
  ['DeleteObjects (done)', (f) => n(f.deleteObjects)],
  ['ListObjectsV2', (f) => n(f.listObjects)],
  ['ListMultipartUploads', (f) => n(f.listUploads)],
  ...sweepColumns('S3 requests', 'of them 5xx, retried', 'SQL statements', 'CPU ms'),
];

export function stagingSection(samples: readonly Sample[]): {
  method: string;
  table: BenchTable;
  target: BenchTarget;
  findings: string;
} {
  const rounds = samples.map((s): Figures => ({
    ...sweepFigures(s),
    objectsPerSecond: STAGING_SEED.old / (s.milliseconds / 1000),
  }));
  const mid = medians(rounds);
  const batches = Math.ceil(STAGING_SEED.old / MAX_DELETE_BATCH);
  return {
    method:
      `**Staging by age:** after the comparison, each round PUTs ${old} objects under staging/ (no ticket rows), waits ${n(GAP_MS / 1000, 1)} s (the local store's LastModified has whole seconds) and PUTs ${STAGING_SEED.young} more (one per user directory, next to that user's 100 old ones), past the counting proxy and unmeasured; ` +
      "then one sweep runs in the sweeper's process with its clock (`now`) set so that the age cutoff (ticket lifetime + grace before `now`) falls between the two groups' LastModified. " +
      `Afterwards staging/ is listed: the run fails unless every old object is gone and all ${STAGING_SEED.young} young ones are still there.`,
    table: table(
      `One sweep of staging/ by age: ${old} objects past the cutoff, ${STAGING_SEED.young} younger (each round, and medians)`,
      rounds,
      [['round', (_, i) => String(i + 1)], ...COLUMNS],
      [['median', ...COLUMNS.map(([, cell]) => cell(mid, -1))]],
    ),
    target: target(
      `DeleteObjects calls for ${old} staged objects by age`,
      `≤ ${batches} (full batches of ${n(MAX_DELETE_BATCH)} across listing pages)`,
      `${n(mid.deleteObjects)} (${n(mid.retried)} answered 5xx and retried)`,
      mid.deleteObjects <= batches,
    ),
    findings: findings(mid),
  };
}

function findings(mid: Figures): string {
  const pages = Math.ceil((STAGING_SEED.old + STAGING_SEED.young) / 1000);
  return [
    `By age, one sweep deleted the ${old} staged objects past the cutoff in ${n(mid.seconds, 2)} s with ${n(mid.deleteObjects)} DeleteObjects calls`,
    `(keys gathered across the listing's pages into full batches of ${n(MAX_DELETE_BATCH)}), ${n(mid.listObjects)} ListObjectsV2 calls`,
    `(pages of up to 1,000 keys: ${n(STAGING_SEED.old + STAGING_SEED.young)} objects need ${pages}) and ${n(mid.listUploads)} ListMultipartUploads call;`,
    `the ${STAGING_SEED.young} younger objects were all kept. Of its ${n(mid.statements)} SQL statements, ${ROW_PASS_STATEMENTS} are the row passes finding nothing to claim (a claim and COMMIT each); the others, one per listing page with keys past the cutoff, ask which of those keys belong to PENDING tickets (kept whatever their age).`,
    `The sweeping process was busy on CPU ${n(mid.cpuShare * 100)} % of the sweep (reading the listings' XML, building the DeleteObjects bodies); the rest is waiting on the store, which lists the prefix and deletes every object from its disk, one page and one batch after the other.`,
  ].join(' ');
}
