// npm run bench [-- --only NAME[,NAME] --long --report --out DIR]: runs the benchmarks (one folder
// each, test/bench/NAME/run.ts), stores each one's figures in docs/benchmarks/NAME.json (+ its SVG
// charts) and renders docs/benchmarks.md from every stored result. Not part of `npm test`: see
// docs/benchmarks.md.
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_DIR } from '../support/test-api.ts';
import bytesThroughApi from './bytes-through-api/run.ts';
import confirmUpload from './confirm-upload/run.ts';
import { describeMachine, renderPage } from './harness/page.ts';
import { pinProcess } from './harness/processes.ts';
import { LOAD_CORE, withBenchStack } from './harness/stack.ts';
import type { Benchmark, StoredResult } from './harness/types.ts';
import multipart1gb from './multipart-1gb/run.ts';
import postsPage from './posts-page/run.ts';
import requestUpload from './request-upload/run.ts';
import sweeper from './sweeper/run.ts';

/** In the order of the page. */
const BENCHMARKS: Benchmark[] = [requestUpload, confirmUpload, bytesThroughApi, multipart1gb, postsPage, sweeper];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    long: { type: 'boolean', default: false },
    report: { type: 'boolean', default: false },
    // Where benchmarks.md and benchmarks/ go: elsewhere than docs/ to try a change without
    // touching the committed figures.
    out: { type: 'string', default: path.join(PROJECT_DIR, 'docs') },
  },
});
const OUT_DIR = path.join(values.out, 'benchmarks');

const only = values.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !BENCHMARKS.some((b) => b.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}. Known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

// This process is the load generator: it stays off the server's core.
pinProcess(process.pid, LOAD_CORE);
await mkdir(OUT_DIR, { recursive: true });
if (!values.report) {
  for (const benchmark of BENCHMARKS.filter((b) => !only || only.includes(b.name))) await measure(benchmark);
}
const stored = await readStored();
await writeFile(path.join(values.out, 'benchmarks.md'), renderPage(stored));
console.log(`\nWrote benchmarks.md (${stored.length} of ${BENCHMARKS.length} benchmarks measured).`);
// Clients the benchmarks left (keep-alive agents, pools) must not keep the run alive.
process.exit(0);

/** Runs one benchmark in a scratch directory of its own and stores its result and charts. */
async function measure(benchmark: Benchmark): Promise<void> {
  const scratchDir = await mkdtemp(path.join(tmpdir(), `upload-tickets-bench-${benchmark.name}-`));
  // A run stopped with Ctrl-C exits from the bench stack's signal handler, past the `finally`.
  const removeScratch = () => rmSync(scratchDir, { recursive: true, force: true });
  process.once('exit', removeScratch);
  const started = performance.now();
  console.log(`\n▶ ${benchmark.name}: ${benchmark.title}`);
  try {
    const context = {
      long: values.long,
      rounds: values.long ? 5 : 3,
      scratchDir,
      log: (message: string) => console.log(`  ${message}`),
    };
    const result = await withBenchStack({ scratchDir, apiEnv: benchmark.apiEnv }, (stack) =>
      benchmark.run(stack, context),
    );
    const { name, title } = benchmark;
    const durationSeconds = (performance.now() - started) / 1000;
    const measuredAt = new Date().toISOString();
    const entry: StoredResult = {
      name,
      title,
      measuredAt,
      long: values.long,
      durationSeconds,
      machine: describeMachine(),
      ...result,
    };
    await writeFile(path.join(OUT_DIR, `${name}.json`), JSON.stringify(entry, null, 2) + '\n');
    for (const chart of result.charts) await writeFile(path.join(OUT_DIR, `${name}-${chart.id}.svg`), chart.svg);
    for (const t of result.targets) console.log(`  ${t.met ? '✓' : '✗'} ${t.name}: ${t.measured} (target ${t.target})`);
  } finally {
    process.removeListener('exit', removeScratch);
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/** Every benchmark's last stored result, whichever run measured it. */
async function readStored(): Promise<StoredResult[]> {
  const stored: StoredResult[] = [];
  for (const benchmark of BENCHMARKS) {
    const text = await readFile(path.join(OUT_DIR, `${benchmark.name}.json`), 'utf8').catch(() => undefined);
    if (text) stored.push(JSON.parse(text) as StoredResult);
  }
  return stored;
}
