// What one upload cost the server that handled it (the API, or the streaming proxy): bytes on its
// sockets by peer, CPU, and memory growth, read around the upload from outside and inside it.
import type { SocketCounts } from '../harness/process-counters.ts';
import type { PinnedProcess } from '../harness/processes.ts';

export interface ServerCost {
  bytes: SocketCounts;
  cpuMs: number;
  /** RSS after the upload minus RSS before it. */
  rssGrowthBytes: number;
  /** Highest RSS during the upload minus RSS before it. */
  peakGrowthBytes: number;
  seconds: number;
}

export async function measureServer<T>(
  server: PinnedProcess<unknown>,
  run: () => Promise<T>,
): Promise<{ cost: ServerCost; result: T }> {
  await server.call('resetSocketCounts');
  server.resetPeakRss();
  const before = server.memory().rssBytes;
  const cpuBefore = server.cpuMicros();
  const started = performance.now();
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = (server.cpuMicros() - cpuBefore) / 1000;
  const after = server.memory();
  const bytes = await server.call<SocketCounts>('socketCounts');
  return {
    cost: {
      bytes,
      cpuMs,
      rssGrowthBytes: after.rssBytes - before,
      peakGrowthBytes: after.peakRssBytes - before,
      seconds,
    },
    result,
  };
}

/** Both directions with one peer. */
export function peerBytes(bytes: SocketCounts, peer: keyof SocketCounts): number {
  return bytes[peer].received + bytes[peer].sent;
}

/** Everything the upload moved through the server, except its database traffic. */
export function uploadBytes(bytes: SocketCounts): number {
  return peerBytes(bytes, 'client') + peerBytes(bytes, 's3') + peerBytes(bytes, 'other');
}
