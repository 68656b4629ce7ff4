// One measured sweep of the sweeper benchmark, what the proxy counted for it, and its figures.
import { columnsOf, formatNumber, sum, type Column } from '../harness/report.ts';
import type { SweepRun } from './server.ts';

export interface Sample extends SweepRun {
  s3: Record<string, number>;
  /** Requests the store answered with a 5xx (and the SDK sent again): in `s3` too. */
  serverErrors: Record<string, number>;
  failedForwards: number;
  cpuMillis: number;
}

const DELETE_OBJECTS = 'POST bucket (DeleteObjects)';
const DELETE_ONE = 'DELETE object';

/** Calls of a kind the store carried out: a call it answered with a 5xx was sent again by the SDK. */
const done = (s: Sample, kind: string) => (s.s3[kind] ?? 0) - (s.serverErrors[kind] ?? 0);

/** A sweep's figures, each a number, for medians and tables. */
export function sweepFigures(s: Sample) {
  return {
    seconds: s.milliseconds / 1000,
    statements: s.statements,
    cpuMillis: s.cpuMillis,
    /** The share of the sweep the sweeping process spent on CPU. */
    cpuShare: s.cpuMillis / s.milliseconds,
    requests: sum(s.s3),
    retried: sum(s.serverErrors),
    deleteObjects: done(s, DELETE_OBJECTS),
    deleteOne: done(s, DELETE_ONE),
    /** Single DELETEs sent, retries included. */
    singleDeletes: s.s3[DELETE_ONE] ?? 0,
    aborts: s.s3['DELETE object (multipart abort)'] ?? 0,
    listObjects: done(s, 'GET bucket (ListObjectsV2)'),
    listUploads: done(s, 'GET bucket (ListMultipartUploads)'),
  };
}
export type SweepFigures = ReturnType<typeof sweepFigures>;

/** The columns both sweeps' tables show, by header. */
const CELLS = {
  seconds: (f) => formatNumber(f.seconds, 2),
  'S3 requests': (f) => formatNumber(f.requests),
  'of them 5xx, retried': (f) => formatNumber(f.retried),
  'SQL statements': (f) => formatNumber(f.statements),
  'CPU ms': (f) => formatNumber(f.cpuMillis),
} satisfies Record<string, (f: SweepFigures) => string>;

export function sweepColumns(...headers: (keyof typeof CELLS)[]): Column<SweepFigures>[] {
  return columnsOf(CELLS, ...headers);
}
