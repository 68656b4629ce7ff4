import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';

/**
 * Jest reporter of the security suite: prints what each case did and the figures (cases tried,
 * refused by the store, caught by confirmUpload) after the run. Test workers append rows to a
 * file whose path this sets in the environment before global setup and the workers start.
 */
export default class SecuritySummaryReporter {
  constructor() {
    this.dir = mkdtempSync(path.join(tmpdir(), 'security-summary-'));
    process.env.SECURITY_SUMMARY_FILE = path.join(this.dir, 'rows.jsonl');
  }

  onRunComplete() {
    let rows = [];
    try {
      rows = readFileSync(process.env.SECURITY_SUMMARY_FILE, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    } catch {
      // No case got as far as recording: the failures above say why.
    }
    rmSync(this.dir, { recursive: true, force: true });
    const out = ['', 'Storage policy enforcement' + (rows[0] ? ` against ${rows[0].store}` : '') + ':', ''];
    if (rows.length === 0) {
      process.stdout.write([...out, '  no case recorded a result', ''].join('\n'));
      return;
    }
    const columns = ['case', 'rule', 'store_answer', 'stored', 'confirm', 'verdict'];
    const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column]).length)));
    const line = (cells) =>
      '  ' +
      cells
        .map((cell, i) => String(cell).padEnd(widths[i]))
        .join('  ')
        .trimEnd();
    out.push(
      line(columns),
      line(widths.map((width) => '-'.repeat(width))),
      ...rows.map((row) => line(columns.map((c) => row[c]))),
    );

    const attacks = rows.filter((row) => row.verdict !== 'accepted (control)');
    const count = (verdict) => attacks.filter((row) => row.verdict === verdict).length;
    const uncaught = attacks.filter((row) => row.verdict.startsWith('NOT caught')).map((row) => row.case);
    out.push(
      '',
      `  cases tried: ${attacks.length}; refused by the store: ${count('refused by the store')}; ` +
        `caught by confirmUpload: ${count('caught by confirmUpload')}; verified bytes kept: ${count('verified bytes kept')}; ` +
        `removed by the sweep: ${count('removed by the sweep')}; not caught: ${uncaught.length}`,
      `  control (correct upload) accepted and confirmed: ${rows.some((row) => row.verdict === 'accepted (control)') ? 'yes' : 'NO'}`,
    );
    if (uncaught.length > 0) out.push(`  these need a policy-enforcing store (CEPH_S3_ENV): ${uncaught.join('; ')}`);
    process.stdout.write(out.join('\n') + '\n\n');
  }
}
