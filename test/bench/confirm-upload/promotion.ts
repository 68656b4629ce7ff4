// What promoting the upload (copy to files/, delete the staged object) costs a confirm: this run
// against the benchmark's last figures from before promotion, kept here since the run overwrites them.
import { formatNumber, ratio, sum, table } from '../harness/report.ts';
import type { BenchTable } from '../harness/types.ts';
import { SCENARIOS, type ConfirmSample as Sample, type ConfirmScenario } from './fixtures.ts';

const AWS_SDK = 'AWS SDK (S3 signing, requests)';
/** Work a confirm does once, before and after promotion alike: a gauge of the machine and its load. */
const GRAPHQL = 'GraphQL / Apollo';
const JWT = 'JWT (fast-jwt; jose for a JWKS)';

interface Figures {
  confirmsPerSecond: number;
  cpuMicros: number;
  s3: number;
  sql: number;
}

/**
 * docs/benchmarks/confirm-upload.json as measured on 2026-11-30 (default length), the last run
 * before confirmUpload promoted uploads: medians per confirm. S3 was then 1 HEAD + 1 ranged GET
 * (+ 1 DELETE of a replaced avatar).
 */
export const BEFORE_PROMOTION = {
  measured: '2026-11-30',
  s3: 'HEAD + ranged GET',
  scenarios: {
    attachment: { confirmsPerSecond: 183.8, cpuMicros: 4_700, s3: 2, sql: 8 },
    'avatar-first': { confirmsPerSecond: 195.4, cpuMicros: 4_900, s3: 2, sql: 7 },
    'avatar-replace': { confirmsPerSecond: 167.4, cpuMicros: 5_400, s3: 3, sql: 9 },
  } satisfies Record<ConfirmScenario, Figures>,
  /** The profiled attachment run, µs per confirm: in all, and by category (those compared here). */
  profiled: {
    totalMicros: 6_757,
    categories: { [AWS_SDK]: 1_146, [GRAPHQL]: 387, [JWT]: 484 } as Record<string, number>,
  },
  /** Server CPU µs per attachment confirm, lowest and highest of the rounds. */
  attachmentCpuRange: [4_000, 6_700],
};

/** The median over a scenario's runs of what `pick` reads. */
export type Mid = (sc: ConfirmScenario, pick: (s: Sample) => number) => number;

/** Each link's figures before promotion and in this run (medians). */
function compared(mid: Mid) {
  return SCENARIOS.map((sc) => ({
    sc,
    before: BEFORE_PROMOTION.scenarios[sc],
    now: {
      confirmsPerSecond: mid(sc, (s) => s.confirmsPerSecond),
      cpuMicros: mid(sc, (s) => s.serverCpuMicrosPerConfirm),
      s3: mid(sc, (s) => sum(s.s3)),
      sql: mid(sc, (s) => s.sqlPerConfirm),
    } satisfies Figures,
  }));
}

const category = (p: { categories: Record<string, number> }, name: string) => p.categories[name] ?? 0;
const unchanged = (p: { categories: Record<string, number> }) => category(p, GRAPHQL) + category(p, JWT);

const range = (values: readonly number[]) =>
  `${formatNumber(Math.min(...values))}–${formatNumber(Math.max(...values))}`;

const change = (before: number, now: number, digits: number) => {
  const delta = now - before;
  return `${formatNumber(before, digits)} → ${formatNumber(now, digits)} (${delta < 0 ? '−' : '+'}${formatNumber(Math.abs(delta), digits)})`;
};

export function promotionTable(mid: Mid): BenchTable {
  return table(
    `What promotion costs per confirm: before it (measured ${BEFORE_PROMOTION.measured}) → this run (medians)`,
    compared(mid),
    [
      ['link', (r) => r.sc],
      ['S3 requests', (r) => change(r.before.s3, r.now.s3, 2)],
      ['SQL statements', (r) => change(r.before.sql, r.now.sql, 2)],
      [
        'server CPU µs',
        (r) =>
          `${change(r.before.cpuMicros, r.now.cpuMicros, 0)}, ${formatNumber((r.now.cpuMicros / r.before.cpuMicros - 1) * 100)} %`,
      ],
      [
        'confirms/s',
        (r) =>
          `${formatNumber(r.before.confirmsPerSecond)} → ${formatNumber(r.now.confirmsPerSecond)} (${ratio(r.now.confirmsPerSecond, r.before.confirmsPerSecond)})`,
      ],
    ],
  );
}

export function promotionFindings(
  mid: Mid,
  /** µs per profiled attachment confirm. */
  profiled: { totalMicros: number; categories: Record<string, number> },
  attachmentCpu: readonly number[],
): string {
  const rows = compared(mid);
  const list = (pick: (r: (typeof rows)[number]) => string) => {
    const each = rows.map(pick);
    return each.every((text) => text === each[0])
      ? `${each[0]} for every link`
      : rows.map((r, i) => `${each[i]} (${r.sc})`).join(', ');
  };
  const signed = (value: number, digits = 0) => `${value < 0 ? '−' : '+'}${formatNumber(Math.abs(value), digits)}`;
  const old = BEFORE_PROMOTION.profiled;
  return [
    `Promotion, against the figures measured on ${BEFORE_PROMOTION.measured} before it (${BEFORE_PROMOTION.s3} per confirm):`,
    `S3 requests ${list((r) => signed(r.now.s3 - r.before.s3, 2))}: the CopyObject and the staged object's delete (a share of a DeleteObjects);`,
    `SQL statements ${list((r) => signed(r.now.sql - r.before.sql, 2))}: promotion added the attempt's record (INSERT PromotionAttempt) before the copy; the commit in one statement (confirm_upload) has since removed more than that;`,
    `server CPU ${list((r) => `${signed(r.now.cpuMicros - r.before.cpuMicros)} µs`)};`,
    `confirms/s ${list((r) => ratio(r.now.confirmsPerSecond, r.before.confirmsPerSecond))}.`,
    `Profiled, an attachment confirm took ${formatNumber(profiled.totalMicros)} µs (${formatNumber(old.totalMicros)} before), ${formatNumber(category(profiled, AWS_SDK))} of them in the AWS SDK (${formatNumber(category(old, AWS_SDK))} before).`,
    `What promotion does not touch, one GraphQL request and one token (${GRAPHQL} and ${JWT}), took ${formatNumber(unchanged(profiled))} µs against ${formatNumber(unchanged(old))} before (${ratio(unchanged(profiled), unchanged(old))}): as far as that ratio is above 1×, the CPU figures differ by the machine or its load, not by promotion.`,
    `The copy happens inside the store (no byte of the file passes through the API), so what promotion adds is ${formatNumber(rows[0]!.now.s3 - rows[0]!.before.s3)} S3 round trips and ${formatNumber(rows[0]!.now.sql - rows[0]!.before.sql)} SQL statements per confirm, whatever the size of the file.`,
    `Server CPU is read in 10 ms ticks (100 µs per confirm at 100 confirms); between rounds an attachment confirm ranged ${range(BEFORE_PROMOTION.attachmentCpuRange)} µs in the earlier run and ${range(attachmentCpu)} µs in this one.`,
  ].join(' ');
}
