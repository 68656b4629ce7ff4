// Tables, targets, charts and findings of the bytes-through-api benchmark, from its samples.
import { barChart } from '../harness/chart.ts';
import { median } from '../harness/stats.ts';
import { formatBytes, formatNumber } from '../harness/report.ts';
import type { BenchResult, BenchTable } from '../harness/types.ts';
import { BYTES_TARGET, bytesFindings, RSS_TARGET } from './findings.ts';
import { peerBytes, uploadBytes, type ServerCost } from '../uploads/measure.ts';

export interface BytesSample {
  flow: 'tickets' | 'proxy';
  byteSize: number;
  cost: ServerCost;
  /** Requests S3 saw during a ticket upload (the client's and the API's), by kind. */
  s3Requests: Record<string, number>;
}

export function renderBytesResult(samples: BytesSample[], options: { rounds: number; sizes: number[] }): BenchResult {
  const of = (flow: BytesSample['flow'], byteSize: number) =>
    samples.filter((s) => s.flow === flow && s.byteSize === byteSize);
  const med = (flow: BytesSample['flow'], byteSize: number, pick: (cost: ServerCost) => number) =>
    median(of(flow, byteSize).map((s) => pick(s.cost)));
  const label = (byteSize: number) => formatBytes(byteSize);

  const summary: BenchTable = {
    caption: `Per upload, medians of ${options.rounds} (server = the API, or the proxy)`,
    columns: [
      'File',
      'Flow',
      'client ↔ server',
      'server ↔ S3',
      'server ↔ PG',
      'total',
      'server CPU',
      'RSS growth',
      'peak RSS growth',
      'peak heap growth',
      'wall time',
    ],
    rows: options.sizes.flatMap((size) =>
      (['tickets', 'proxy'] as const).map((flow) => [
        label(size),
        flow === 'tickets' ? 'upload tickets' : 'streaming proxy',
        formatBytes(med(flow, size, (c) => peerBytes(c.bytes, 'client'))),
        formatBytes(med(flow, size, (c) => peerBytes(c.bytes, 's3'))),
        formatBytes(med(flow, size, (c) => peerBytes(c.bytes, 'pg'))),
        formatBytes(med(flow, size, (c) => uploadBytes(c.bytes) + peerBytes(c.bytes, 'pg'))),
        `${formatNumber(med(flow, size, (c) => c.cpuMs))} ms`,
        formatBytes(med(flow, size, (c) => c.rssGrowthBytes)),
        formatBytes(med(flow, size, (c) => c.peakGrowthBytes)),
        formatBytes(med(flow, size, (c) => c.peakHeapGrowthBytes)),
        `${formatNumber(
          med(flow, size, (c) => c.seconds),
          1,
        )} s`,
      ]),
    ),
  };
  const breakdown: BenchTable = {
    caption: 'Upload tickets: the API’s bytes by peer and direction (medians), and what S3 was asked',
    columns: [
      'File',
      'from client',
      'to client',
      'from S3',
      'to S3',
      'from PG',
      'to PG',
      'S3 requests (client’s and API’s)',
    ],
    rows: options.sizes.map((size) => {
      const pick = (peer: 'client' | 's3' | 'pg', way: 'received' | 'sent') =>
        formatBytes(med('tickets', size, (c) => c.bytes[peer][way]));
      const requests = of('tickets', size)[0]?.s3Requests ?? {};
      return [
        label(size),
        pick('client', 'received'),
        pick('client', 'sent'),
        pick('s3', 'received'),
        pick('s3', 'sent'),
        pick('pg', 'received'),
        pick('pg', 'sent'),
        Object.entries(requests)
          .map(([kind, count]) => `${count}× ${kind}`)
          .join(', '),
      ];
    }),
  };

  const ticketBytes = options.sizes.map((size) => med('tickets', size, (c) => uploadBytes(c.bytes)));
  const ticketPeak = options.sizes.map((size) => med('tickets', size, (c) => c.peakGrowthBytes));
  const worstBytes = Math.max(...ticketBytes);
  const worstPeak = Math.max(...ticketPeak);

  const chartGroups = (pick: (cost: ServerCost) => number) =>
    options.sizes.map((size) => ({
      label: label(size),
      values: [med('tickets', size, pick), med('proxy', size, pick)],
    }));
  return {
    method: `One upload at a time of a generated MP4 (purpose VIDEO) of each size, through the project's client
(\`uploadFile\`: one presigned POST up to the multipart threshold of 100 MiB, presigned parts of 16 MiB above it)
and through a streaming proxy written for the benchmark (it receives the file over HTTP and streams it to S3 as
one PutObject; it checks the token and stores, nothing more: no database, no type check, so its costs are a floor for such an API), the two interleaved, ${options.rounds} rounds, medians. Bytes are counted inside the server
process on its sockets (bytesRead/bytesWritten, by peer: the uploading client, S3, PostgreSQL), including HTTP
headers; CPU and RSS are read from /proc (the peak is reset before each upload). Every upload is checked: the
object's size in S3, and for tickets the file attached to its post in the database.`,
    tables: [summary, breakdown],
    targets: [
      {
        name: 'API bytes per ticket upload (client + S3, without PG), largest median over sizes',
        target: `≤ ${formatBytes(BYTES_TARGET)}`,
        measured: formatBytes(worstBytes),
        met: worstBytes <= BYTES_TARGET,
      },
      {
        name: 'API peak RSS growth per ticket upload, largest median over sizes',
        target: `< ${formatBytes(RSS_TARGET)}`,
        measured: formatBytes(worstPeak),
        met: worstPeak < RSS_TARGET,
      },
    ],
    charts: [
      {
        id: 'bytes',
        title: 'Bytes through the server per upload (client + S3 + PG)',
        svg: barChart({
          title: 'Bytes through the server per upload',
          unit: 'bytes on the server’s sockets (lower is better)',
          series: ['upload tickets', 'streaming proxy'],
          groups: chartGroups((c) => uploadBytes(c.bytes) + peerBytes(c.bytes, 'pg')),
          log: true,
          format: formatBytes,
        }),
      },
      {
        id: 'peak-rss',
        title: 'Server peak RSS growth per upload',
        svg: barChart({
          title: 'Server peak RSS growth per upload',
          unit: 'MB above the RSS before the upload (lower is better)',
          series: ['upload tickets', 'streaming proxy'],
          groups: chartGroups((c) => Math.max(c.peakGrowthBytes, 0) / 2 ** 20),
          format: (mb) => `${mb.toFixed(1)} MB`,
        }),
      },
    ],
    findings: bytesFindings(samples, options.sizes),
    raw: samples,
  };
}
