// npm run bench [-- --only NAME[,NAME] --long --report]: runs the benchmarks in test/bench/*.bench.ts,
// stores each one's figures in docs/benchmarks/NAME.json (+ its SVG charts) and renders
// docs/benchmarks.md from every stored result. Not part of `npm test`: see docs/benchmarks.md.
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PROJECT_DIR } from '../support/test-api.ts';
import { pinProcess } from './harness/processes.ts';
import { describeMachine, renderReport } from './harness/report.ts';
import { LOAD_CORE } from './harness/stack.ts';
import type { Benchmark, StoredResult } from './harness/types.ts';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    long: { type: 'boolean', default: false },
    report: { type: 'boolean', default: false },
  },
});
const BENCH_DIR = path.join(PROJECT_DIR, 'test', 'bench');
const OUT_DIR = path.join(PROJECT_DIR, 'docs', 'benchmarks');

// This process is the load generator: it stays off the server's core.
pinProcess(process.pid, LOAD_CORE);

const files = (await readdir(BENCH_DIR)).filter((file) => file.endsWith('.bench.ts')).sort();
const benchmarks: Benchmark[] = [];
for (const file of files) {
  const module = (await import(pathToFileURL(path.join(BENCH_DIR, file)).href)) as { default: Benchmark };
  benchmarks.push(module.default);
}
const only = values.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !benchmarks.some((b) => b.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}. Known: ${benchmarks.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

await mkdir(OUT_DIR, { recursive: true });
if (!values.report) {
  for (const benchmark of benchmarks.filter((b) => !only || only.includes(b.name))) {
    const scratchDir = await mkdtemp(path.join(tmpdir(), `upload-tickets-bench-${benchmark.name}-`));
    // A run stopped with Ctrl-C exits from the bench stack's signal handler, past the `finally`.
    const removeScratch = () => rmSync(scratchDir, { recursive: true, force: true });
    process.once('exit', removeScratch);
    const started = performance.now();
    console.log(`\n▶ ${benchmark.name}: ${benchmark.title}`);
    try {
      const result = await benchmark.run({
        long: values.long,
        scratchDir,
        log: (message) => console.log(`  ${message}`),
      });
      const stored: StoredResult = {
        name: benchmark.name,
        title: benchmark.title,
        measuredAt: new Date().toISOString(),
        long: values.long,
        durationSeconds: (performance.now() - started) / 1000,
        machine: describeMachine(),
        ...result,
      };
      await writeFile(path.join(OUT_DIR, `${benchmark.name}.json`), JSON.stringify(stored, null, 2) + '\n');
      for (const chart of result.charts) {
        await writeFile(path.join(OUT_DIR, `${benchmark.name}-${chart.id}.svg`), chart.svg);
      }
      for (const target of result.targets) {
        console.log(`  ${target.met ? '✓' : '✗'} ${target.name}: ${target.measured} (target ${target.target})`);
      }
    } finally {
      process.removeListener('exit', removeScratch);
      await rm(scratchDir, { recursive: true, force: true });
    }
  }
}

const stored: StoredResult[] = [];
for (const benchmark of benchmarks) {
  const file = path.join(OUT_DIR, `${benchmark.name}.json`);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text) stored.push(JSON.parse(text) as StoredResult);
}
await writeFile(path.join(PROJECT_DIR, 'docs', 'benchmarks.md'), renderReport(stored));
console.log(`\nWrote docs/benchmarks.md (${stored.length} of ${benchmarks.length} benchmarks measured).`);
// Clients the benchmarks left (keep-alive agents, pools) must not keep the run alive.
process.exit(0);
