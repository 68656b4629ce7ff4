// Tables, targets, charts and findings of the bytes-through-api benchmark, from its samples.
import { chart, formatBytes, medianOf, medians, table, target, type Medians } from '../harness/report.ts';
import type { BenchResult } from '../harness/types.ts';
import { costColumns, costFigures, RSS_TARGET, type CostFigures, type ServerCost } from '../uploads/measure.ts';
import { BYTES_TARGET, bytesFindings } from './findings.ts';

export const FLOWS = ['tickets', 'proxy'] as const;
export type Flow = (typeof FLOWS)[number];
const FLOW_LABELS: Record<Flow, string> = { tickets: 'upload tickets', proxy: 'streaming proxy' };

export interface BytesSample {
  flow: Flow;
  byteSize: number;
  cost: ServerCost;
  /** Requests S3 saw during a ticket upload (the client's and the API's), by kind. */
  s3Requests: Record<string, number>;
}

export interface Measured {
  samples: BytesSample[];
  rounds: number;
  sizes: number[];
}

/** The medians of one flow's uploads of one size. */
export type CostMedians = (flow: Flow, byteSize: number) => Medians<CostFigures>;

export function report(m: Measured): BenchResult {
  const med: CostMedians = (flow, byteSize) => medians(of(m, flow, byteSize).map((s) => costFigures(s.cost)));
  return {
    method: METHOD(m.rounds),
    tables: [summaryTable(m, med), breakdownTable(m, med)],
    targets: targets(m, med),
    charts: charts(m, med),
    findings: bytesFindings(med, m.sizes),
    raw: m.samples,
  };
}

const of = (m: Measured, flow: Flow, byteSize: number) =>
  m.samples.filter((s) => s.flow === flow && s.byteSize === byteSize);

function targets(m: Measured, med: CostMedians) {
  const worstBytes = Math.max(...m.sizes.map((size) => med('tickets', size).upload));
  const worstPeak = Math.max(...m.sizes.map((size) => med('tickets', size).peakGrowthBytes));
  return [
    target(
      'API bytes per ticket upload (client + S3, without PG), largest median over sizes',
      `≤ ${formatBytes(BYTES_TARGET)}`,
      formatBytes(worstBytes),
      worstBytes <= BYTES_TARGET,
    ),
    target(
      'API peak RSS growth per ticket upload, largest median over sizes',
      `< ${formatBytes(RSS_TARGET)}`,
      formatBytes(worstPeak),
      worstPeak < RSS_TARGET,
    ),
  ];
}

function charts(m: Measured, med: CostMedians) {
  const groups = (pick: (flow: Flow, size: number) => number) =>
    m.sizes.map((size) => ({ label: formatBytes(size), values: FLOWS.map((flow) => pick(flow, size)) }));
  const peakMB = (flow: Flow, size: number) =>
    medianOf(of(m, flow, size), (s) => Math.max(s.cost.peakGrowthBytes, 0) / 2 ** 20);
  const series = FLOWS.map((flow) => FLOW_LABELS[flow]);
  return [
    chart('bytes', 'Bytes through the server per upload (client + S3 + PG)', {
      title: 'Bytes through the server per upload',
      unit: 'bytes on the server’s sockets (lower is better)',
      series,
      groups: groups((flow, size) => med(flow, size).total),
      log: true,
      format: formatBytes,
    }),
    chart('peak-rss', 'Server peak RSS growth per upload', {
      title: 'Server peak RSS growth per upload',
      unit: 'MB above the RSS before the upload (lower is better)',
      series,
      groups: groups(peakMB),
      format: (mb) => `${mb.toFixed(1)} MB`,
    }),
  ];
}

const METHOD = (
  rounds: number,
) => `One upload at a time of a generated MP4 (purpose VIDEO) of each size, through the project's client
(\`uploadFile\`: one presigned POST up to the multipart threshold of 100 MiB, presigned parts of 16 MiB above it)
and through a streaming proxy written for the benchmark (it receives the file over HTTP and streams it to S3 as
one PutObject; it checks the token and stores, nothing more: no database, no type check, so its costs are a floor for such an API), the two interleaved, ${rounds} rounds, medians. Bytes are counted inside the server
process on its sockets (bytesRead/bytesWritten, by peer: the uploading client, S3, PostgreSQL), including HTTP
headers; CPU and RSS are read from /proc (the peak is reset before each upload). Every upload is checked: the
object's size in S3, and for tickets the file attached to its post in the database.`;

function summaryTable(m: Measured, med: CostMedians) {
  return table(
    `Per upload, medians of ${m.rounds} (server = the API, or the proxy)`,
    m.sizes.flatMap((size) =>
      FLOWS.map((flow) => ({ file: formatBytes(size), flow: FLOW_LABELS[flow], ...med(flow, size) })),
    ),
    [
      ['File', (x) => x.file],
      ['Flow', (x) => x.flow],
      ...costColumns('client ↔ server', 'server ↔ S3', 'server ↔ PG', 'total', 'server CPU'),
      ...costColumns('RSS growth', 'peak RSS growth', 'peak heap growth', 'wall time'),
    ],
  );
}

function breakdownTable(m: Measured, med: CostMedians) {
  const requests = (size: number) =>
    Object.entries(of(m, 'tickets', size)[0]?.s3Requests ?? {})
      .map(([kind, count]) => `${count}× ${kind}`)
      .join(', ');
  const bytes = (pick: (c: Medians<CostFigures>) => number) => (size: number) =>
    formatBytes(pick(med('tickets', size)));
  return table('Upload tickets: the API’s bytes by peer and direction (medians), and what S3 was asked', m.sizes, [
    ['File', (size) => formatBytes(size)],
    ['from client', bytes((c) => c.fromClient)],
    ['to client', bytes((c) => c.toClient)],
    ['from S3', bytes((c) => c.fromS3)],
    ['to S3', bytes((c) => c.toS3)],
    ['from PG', bytes((c) => c.fromPg)],
    ['to PG', bytes((c) => c.toPg)],
    ['S3 requests (client’s and API’s)', requests],
  ]);
}
