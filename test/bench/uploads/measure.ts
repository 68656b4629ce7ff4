// What one upload cost the server that handled it (the API, or the streaming proxy): bytes on its
// sockets by peer, CPU, and memory growth, read around the upload from outside and inside it.
import type { SocketCounts } from '../harness/socket-counters.ts';
import type { PinnedProcess } from '../harness/processes.ts';
import { columnsOf, formatBytes, formatNumber, type Column } from '../harness/report.ts';

export interface ServerCost {
  bytes: SocketCounts;
  cpuMs: number;
  /** RSS when the upload started: across rounds, whether the process keeps what uploads take. */
  rssBeforeBytes: number;
  /** RSS after the upload minus RSS before it. */
  rssGrowthBytes: number;
  /** Highest RSS during the upload minus RSS before it. */
  peakGrowthBytes: number;
  /** Highest V8 heap in use (sampled) minus the heap in use before: how much of the RSS peak is JS objects. */
  peakHeapGrowthBytes: number;
  seconds: number;
}

export async function measureServer<T>(
  server: PinnedProcess<unknown>,
  run: () => Promise<T>,
): Promise<{ cost: ServerCost; result: T }> {
  await server.call('resetSocketCounts');
  server.resetPeakRss();
  const before = server.memory().rssBytes;
  const heapBefore = await heapUsed(server);
  let peakHeap = heapBefore;
  let sampling = true;
  // Sampled over IPC, which costs the server a little CPU: a few times a second is enough to see the trend.
  const sampler = (async () => {
    while (sampling) {
      peakHeap = Math.max(peakHeap, await heapUsed(server));
      await new Promise((resolve) => setTimeout(resolve, HEAP_SAMPLE_MS));
    }
  })();
  const cpuBefore = server.cpuMicros();
  const started = performance.now();
  const result = await run().finally(() => (sampling = false));
  const seconds = (performance.now() - started) / 1000;
  await sampler;
  const cpuMs = (server.cpuMicros() - cpuBefore) / 1000;
  const after = server.memory();
  const bytes = await server.call<SocketCounts>('socketCounts');
  return {
    cost: {
      bytes,
      cpuMs,
      rssBeforeBytes: before,
      rssGrowthBytes: after.rssBytes - before,
      peakGrowthBytes: after.peakRssBytes - before,
      peakHeapGrowthBytes: peakHeap - heapBefore,
      seconds,
    },
    result,
  };
}

const HEAP_SAMPLE_MS = 250;

async function heapUsed(server: PinnedProcess<unknown>): Promise<number> {
  return (await server.call<NodeJS.MemoryUsage>('memoryUsage')).heapUsed;
}

/** Both directions with one peer. */
function peerBytes(bytes: SocketCounts, peer: keyof SocketCounts): number {
  return bytes[peer].received + bytes[peer].sent;
}

/** Everything the upload moved through the server, except its database traffic. */
export function uploadBytes(bytes: SocketCounts): number {
  return peerBytes(bytes, 'client') + peerBytes(bytes, 's3') + peerBytes(bytes, 'other');
}

/** What both upload benchmarks hold the API's peak RSS growth per upload under. */
export const RSS_TARGET = 5 * 1024 * 1024;

/** A cost as flat figures, each a number (bytes by peer, both ways and each way), for medians and tables. */
export function costFigures({ bytes, ...cost }: ServerCost) {
  return {
    ...cost,
    client: peerBytes(bytes, 'client'),
    s3: peerBytes(bytes, 's3'),
    pg: peerBytes(bytes, 'pg'),
    /** What the byte target counts: all but PostgreSQL. */
    upload: uploadBytes(bytes),
    total: uploadBytes(bytes) + peerBytes(bytes, 'pg'),
    fromClient: bytes.client.received,
    toClient: bytes.client.sent,
    fromS3: bytes.s3.received,
    toS3: bytes.s3.sent,
    fromPg: bytes.pg.received,
    toPg: bytes.pg.sent,
  };
}
export type CostFigures = ReturnType<typeof costFigures>;

/** The cost columns of both upload benchmarks' tables, by header: each picks its own. */
const COST_CELLS = {
  'client ↔ server': (c) => formatBytes(c.client),
  'server ↔ S3': (c) => formatBytes(c.s3),
  'server ↔ PG': (c) => formatBytes(c.pg),
  total: (c) => formatBytes(c.total),
  'server CPU': (c) => `${formatNumber(c.cpuMs)} ms`,
  'RSS growth': (c) => formatBytes(c.rssGrowthBytes),
  'peak RSS growth': (c) => formatBytes(c.peakGrowthBytes),
  'peak heap growth': (c) => formatBytes(c.peakHeapGrowthBytes),
  'wall time': (c) => `${formatNumber(c.seconds, 1)} s`,
} satisfies Record<string, (c: CostFigures) => string>;

export function costColumns(...headers: (keyof typeof COST_CELLS)[]): Column<CostFigures>[] {
  return columnsOf(COST_CELLS, ...headers);
}
