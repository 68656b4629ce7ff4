import type { BenchStack } from './stack.ts';

/** What every benchmark's `test/bench/<name>/run.ts` exports as its default. */
export interface Benchmark {
  /** File-name-safe id: `npm run bench -- --only <name>`; results go to docs/benchmarks/<name>.json. */
  name: string;
  title: string;
  /** Settings of the stack's API other than the bench's own (see harness/stack.ts). */
  apiEnv?: Record<string, string>;
  /** Measures on a bench stack of its own, which the runner stops afterwards. */
  run(stack: BenchStack, context: BenchContext): Promise<BenchResult>;
}

export interface BenchContext {
  /** `--long`: longer runs and more repetitions (the default aims at about a minute per benchmark). */
  long: boolean;
  /** Interleaved rounds of every variant: 3, or 5 with `--long`. */
  rounds: number;
  /** A directory of its own, removed after the benchmark. */
  scratchDir: string;
  log(message: string): void;
}

export interface BenchTable {
  caption: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface BenchTarget {
  /** e.g. "requestUpload req/s vs the bare presign endpoint" */
  name: string;
  /** e.g. "≥ 0.6×" */
  target: string;
  /** e.g. "0.31×" */
  measured: string;
  met: boolean;
}

export interface BenchChart {
  /** Written to docs/benchmarks/<name>-<id>.svg */
  id: string;
  title: string;
  svg: string;
}

export interface BenchResult {
  /** Markdown: what was measured and how, in a few sentences. */
  method: string;
  tables: BenchTable[];
  targets: BenchTarget[];
  charts: BenchChart[];
  /** Markdown: what the figures mean, including why a missed target misses (where the cost is). */
  findings: string;
  /** Raw samples, kept in the JSON next to the report. */
  raw: unknown;
}

/** What the runner stores per benchmark (docs/benchmarks/<name>.json) and renders from. */
export interface StoredResult extends BenchResult {
  name: string;
  title: string;
  measuredAt: string;
  long: boolean;
  durationSeconds: number;
  /** Where it was measured (the report is rendered from stored results only, so it is reproducible). */
  machine: Machine;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  packages: Record<string, string>;
}
