import { appendFileSync } from 'node:fs';

/** One line of the table `summary-reporter.js` prints at the end of `npm run test:security`. */
export interface SummaryRow {
  store: string;
  case: string;
  rule: string;
  /** HTTP status of the POST, with the store's error code when it refused. */
  store_answer: string;
  /** Which keys held bytes right after the POST. */
  stored: string;
  /** confirmUpload's answer(s). */
  confirm: string;
  verdict:
    | 'accepted (control)'
    | 'refused by the store'
    | 'caught by confirmUpload'
    | 'NOT caught: needs an enforcing store'
    /** Whatever the store took, the bytes behind File.url stayed those verified. */
    | 'verified bytes kept'
    /** Whatever the store took, one sweep past expiry + grace removed it. */
    | 'removed by the sweep';
}

/**
 * Rows go to the JSON-lines file the reporter named in SECURITY_SUMMARY_FILE (workers inherit it);
 * run without the reporter, nothing is recorded.
 */
export function recordRow(row: SummaryRow): void {
  const file = process.env['SECURITY_SUMMARY_FILE'];
  if (file) appendFileSync(file, JSON.stringify(row) + '\n');
}
