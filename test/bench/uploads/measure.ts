// What one upload cost the server that handled it (the API, or the streaming proxy): bytes on its
// sockets by peer, CPU, and memory growth, read around the upload from outside and inside it.
import type { SocketCounts } from '../harness/socket-counters.ts';
import type { PinnedProcess } from '../harness/processes.ts';

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
export function peerBytes(bytes: SocketCounts, peer: keyof SocketCounts): number {
  return bytes[peer].received + bytes[peer].sent;
}

/** Everything the upload moved through the server, except its database traffic. */
export function uploadBytes(bytes: SocketCounts): number {
  return peerBytes(bytes, 'client') + peerBytes(bytes, 's3') + peerBytes(bytes, 'other');
}
