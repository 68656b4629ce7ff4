// What every benchmark's report.ts builds its result from: tables and charts declared as data (a
// column is a header and how to fill its cell), targets, medians and the page's number formats.
// The page itself (docs/benchmarks.md) is rendered from the stored results by page.ts.
import { barChart, type BarChartSpec } from './chart.ts';
import { median } from './stats.ts';
import type { BenchChart, BenchTable, BenchTarget } from './types.ts';

/** A column: its header, and its cell for one item (the item's index second). */
export type Column<T> = readonly [header: string, cell: (item: T, index: number) => string | number];

/** One row per item, one cell per column; `footer` rows (a total, a ratio) come last as they are. */
export function table<T>(
  caption: string,
  items: readonly T[],
  columns: readonly Column<T>[],
  footer: (string | number)[][] = [],
): BenchTable {
  return {
    caption,
    columns: columns.map(([header]) => header),
    rows: [...items.map((item, i) => columns.map(([, cell]) => cell(item, i))), ...footer],
  };
}

/** Columns by header, in the order given, from cells a benchmark defines once for several tables. */
export function columnsOf<T, H extends string>(cells: Record<H, Column<T>[1]>, ...headers: H[]): Column<T>[] {
  return headers.map((header) => [header, cells[header]]);
}

export function chart(id: string, title: string, spec: BarChartSpec): BenchChart {
  return { id, title, svg: barChart(spec) };
}

export function target(name: string, goal: string, measured: string, met: boolean): BenchTarget {
  return { name, target: goal, measured, met };
}

/** The missed targets, `name: measured` (and the goal with `withGoal`), for a findings sentence. */
export function missed(targets: readonly BenchTarget[], withGoal = false): string {
  return targets
    .filter((t) => !t.met)
    .map((t) => `${t.name}: ${t.measured}${withGoal ? ` (target ${t.target})` : ''}`)
    .join('; ');
}

export function medianOf<T>(items: readonly T[], pick: (item: T) => number): number {
  return median(items.map(pick));
}

/** A sample's numeric fields (optional ones too), each as the median over the samples. */
export type Medians<S> = { [K in keyof S as NonNullable<S[K]> extends number ? K : never]-?: number };

/** The median of every numeric field over `samples` (a field a sample lacks counts as NaN). */
export function medians<S extends object>(samples: readonly S[]): Medians<S> {
  const rows = samples as readonly Record<string, unknown>[];
  const keys = new Set(rows.flatMap((row) => Object.keys(row).filter((key) => typeof row[key] === 'number')));
  return Object.fromEntries(
    [...keys].map((key) => [key, medianOf(rows, (row) => (row[key] as number | undefined) ?? NaN)]),
  ) as Medians<S>;
}

/** `medians` of each group of samples. */
export function mediansBy<G extends string, S extends object>(groups: Record<G, readonly S[]>): Record<G, Medians<S>> {
  return Object.fromEntries(
    Object.entries<readonly S[]>(groups).map(([group, samples]) => [group, medians(samples)]),
  ) as Record<G, Medians<S>>;
}

export function sum(values: Record<string, number>): number {
  return Object.values(values).reduce((a, b) => a + b, 0);
}

export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(value, unit === 0 || value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}×`;
}
