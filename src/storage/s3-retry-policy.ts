// When a directly signed call is tried again, and how long it waits first: the SDK's standard
// retry rules for the answers these calls can get (@smithy/util-retry, @aws-sdk/core).
import type { S3Client } from '@aws-sdk/client-s3';
import { succeeded, type ObjectRequest, type ObjectResponse } from './s3-exchange.ts';
import { errorCode } from './s3-xml.ts';

/** Answers S3 gives for a blip, whatever the status (a 400 RequestTimeout among them). */
const TRANSIENT_CODES = new Set(['RequestTimeout', 'RequestTimeoutException', 'InternalError']);
const THROTTLING_CODES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestThrottled']);
/** The SDK's bases: a retry waits a random time up to this. */
const DELAY_MS = 100;
const THROTTLED_DELAY_MS = 500;
/** A difference from the store's clock the SDK corrects (its signatures are valid for 15 minutes). */
const SKEW_MS = 5 * 60 * 1000;

export type Verdict = 'final' | 'retry' | 'retry-throttled';

export function verdictOf(response: ObjectResponse, request: ObjectRequest, clockCorrected: boolean): Verdict {
  const code = errorCode(response);
  if (response.status === 429 || response.status === 503 || (code && THROTTLING_CODES.has(code)))
    return 'retry-throttled';
  if (response.status >= 500 || (code && TRANSIENT_CODES.has(code))) return 'retry';
  // Any refusal whose answer corrected the clock offset is tried again with the corrected date
  // (the SDK's rule: a HEAD's refusal has no body to name RequestTimeTooSkewed in).
  if (!succeeded(response.status)) return clockCorrected ? 'retry' : 'final';
  return request.failedDespiteStatus?.(response) ? 'retry' : 'final';
}

export function retryDelayMs(verdict: Exclude<Verdict, 'final'>): number {
  return Math.floor(Math.random() * (verdict === 'retry-throttled' ? THROTTLED_DELAY_MS : DELAY_MS));
}

/** The signature's date: the local clock, corrected by what the store's answers taught. */
export function signingDate(client: S3Client): Date {
  return new Date(Date.now() + client.config.systemClockOffset);
}

/**
 * Learns the store's clock from an answer's Date header, as the SDK does on every response (its
 * POST tickets are signed with the same offset): true when the offset was corrected.
 */
export function learnClock(client: S3Client, response: ObjectResponse): boolean {
  const date = response.headers.date;
  const server = date ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(server) || Math.abs(server - signingDate(client).getTime()) < SKEW_MS) return false;
  client.config.systemClockOffset = server - Date.now();
  return true;
}
