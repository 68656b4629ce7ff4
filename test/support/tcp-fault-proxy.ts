import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy in front of a real server (PostgreSQL, the store) that a test can make sick the way
 * networks and hosts get sick: `stall` keeps every connection open but moves no more bytes (a
 * hung host, a frozen process), `refuse` closes the port, `reset` cuts the open connections, and
 * `heal` goes back to forwarding (stalled bytes then flow on).
 */
export interface TcpFaultProxy {
  host: string;
  port: number;
  stall(): void;
  refuse(): Promise<void>;
  reset(): void;
  heal(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpFaultProxy(target: { host: string; port: number }): Promise<TcpFaultProxy> {
  let stalled = false;
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    // Plain forwarding, not pipe(): pipe() resumes a source on drain, which would undo a stall.
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => client.write(chunk));
    if (stalled) pause(pair);
  });
  // A stalled proxy reads nothing more: bytes wait in the kernel's buffers, as with a frozen peer,
  // and flow on when it heals.
  const pause = ([client, upstream]: [Socket, Socket]) => {
    client.pause();
    upstream.pause();
  };
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  const cutAll = () => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    stall() {
      stalled = true;
      for (const pair of pairs) pause(pair);
    },
    async refuse() {
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    reset: cutAll,
    async heal() {
      stalled = false;
      for (const [client, upstream] of pairs) {
        client.resume();
        upstream.resume();
      }
      if (!server.listening) await listen();
    },
    async close() {
      cutAll();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
