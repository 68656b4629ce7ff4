// One measured sweep of the sweeper benchmark, and what the proxy counted for it.
import type { SweepRun } from './server.ts';

export interface Sample extends SweepRun {
  s3: Record<string, number>;
  /** Requests the store answered with a 5xx (and the SDK sent again): in `s3` too. */
  serverErrors: Record<string, number>;
  failedForwards: number;
  cpuMillis: number;
}

export const DELETE_OBJECTS = 'POST bucket (DeleteObjects)';
export const LIST_OBJECTS = 'GET bucket (ListObjectsV2)';
export const LIST_UPLOADS = 'GET bucket (ListMultipartUploads)';

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** Calls of a kind the store carried out: a call it answered with a 5xx was sent again by the SDK. */
export const done = (s: Sample, kind: string) => (s.s3[kind] ?? 0) - (s.serverErrors[kind] ?? 0);
export const retried = (s: Sample) => sum(s.serverErrors);
export const requests = (s: Sample) => sum(s.s3);
