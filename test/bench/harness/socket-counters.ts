// Bytes a process received and sent on its TCP sockets, by peer (its own clients, S3, PostgreSQL),
// counted inside that process. Installed only when a benchmark asks (BENCH_SOCKET_COUNTERS=1), so
// other benchmarks do not pay for the bookkeeping.
import { subscribe } from 'node:diagnostics_channel';
import net from 'node:net';

type Peer = 'client' | 's3' | 'pg' | 'other';

interface PeerBytes {
  /** Bytes this process read from the peer. */
  received: number;
  /** Bytes this process wrote to the peer. */
  sent: number;
}

export type SocketCounts = Record<Peer, PeerBytes>;

export interface SocketCounters {
  counts(): SocketCounts;
  /** Counts start again from zero; sockets already open count only what they move from now on. */
  reset(): void;
}

interface Tracked {
  peer: Peer;
  readBase: number;
  writtenBase: number;
}

/**
 * Tracks every socket the process accepts (peer `client`) or opens (classified by the remote
 * port: `s3Port`, `pgPort`). A socket's bytesRead/bytesWritten are read when counts are asked for
 * (live sockets) or when it closes, so nothing runs per chunk of data.
 */
export function installSocketCounters(ports: { s3Port: number; pgPort: number }): SocketCounters {
  const live = new Map<net.Socket, Tracked>();
  let closed = emptyCounts();
  const track = (socket: net.Socket, peer: Peer | (() => Peer)) => {
    const tracked: Tracked = { peer: typeof peer === 'function' ? 'other' : peer, readBase: 0, writtenBase: 0 };
    // A client socket's remote port is known once connected.
    if (typeof peer === 'function') socket.once('connect', () => (tracked.peer = peer()));
    live.set(socket, tracked);
    socket.once('close', () => {
      add(closed, tracked, socket);
      live.delete(socket);
    });
  };
  // Accepted connections: Node publishes each one on this channel (the API's server is built inside
  // src/, which the benchmark does not touch).
  subscribe('net.server.socket', (message) => track((message as { socket: net.Socket }).socket, 'client'));
  onConnect((socket) => {
    if (live.has(socket)) return;
    track(socket, () => {
      if (socket.remotePort === ports.s3Port) return 's3';
      if (socket.remotePort === ports.pgPort) return 'pg';
      return 'other';
    });
  });
  return {
    counts() {
      const counts = structuredClone(closed);
      for (const [socket, tracked] of live) add(counts, tracked, socket);
      return counts;
    },
    reset() {
      closed = emptyCounts();
      for (const [socket, tracked] of live) {
        tracked.readBase = socket.bytesRead;
        tracked.writtenBase = socket.bytesWritten;
      }
    },
  };
}

/**
 * Outgoing connections: pg calls socket.connect() on a socket of its own, which net.connect (the
 * SDK's and fetch's path) also ends in, so wrapping the prototype sees them all.
 */
function onConnect(listener: (socket: net.Socket) => void): void {
  type Connect = (this: net.Socket, ...args: unknown[]) => net.Socket;
  // The original is called with the socket as `this`, as Node itself does.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const connect = net.Socket.prototype.connect as Connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    listener(this);
    return connect.apply(this, args);
  };
}

/** Installs the counters when the environment asks for them (see `socketCountersFromEnv`). */
export function socketCountersFromEnv(env: NodeJS.ProcessEnv): SocketCounters | undefined {
  if (env['BENCH_SOCKET_COUNTERS'] !== '1') return undefined;
  return installSocketCounters({
    s3Port: Number(new URL(env['S3_ENDPOINT']!).port),
    pgPort: Number(new URL(env['DATABASE_URL'] ?? 'postgresql://localhost:0').port),
  });
}

function add(counts: SocketCounts, tracked: Tracked, socket: net.Socket): void {
  counts[tracked.peer].received += socket.bytesRead - tracked.readBase;
  counts[tracked.peer].sent += socket.bytesWritten - tracked.writtenBase;
}

function emptyCounts(): SocketCounts {
  return {
    client: { received: 0, sent: 0 },
    s3: { received: 0, sent: 0 },
    pg: { received: 0, sent: 0 },
    other: { received: 0, sent: 0 },
  };
}
