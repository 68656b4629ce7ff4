import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of a real store that can hold ranged GETs (the sniffing read of
 * confirmUpload, which comes after HeadObject and before the database commit), so a test can
 * kill the API at exactly that point.
 */
export interface StallingProxy {
  endpoint: string;
  /** Hold every ranged GET from now on; resolves when the first one arrives. */
  stallRangedGets(): Promise<void>;
  /** Forward everything again; held requests are dropped (their client is gone). */
  release(): void;
  /** Forward everything again, including the held requests. */
  forwardHeld(): void;
  close(): Promise<void>;
}

export async function startStallingProxy(target: string): Promise<StallingProxy> {
  const upstream = new URL(target);
  let stalling = false;
  let arrived: (() => void) | undefined;
  const held: [IncomingMessage, ServerResponse][] = [];
  const server: Server = createServer((req, res) => {
    if (stalling && req.method === 'GET' && req.headers.range) {
      held.push([req, res]);
      arrived?.();
      return;
    }
    pass(req, res);
  });
  function pass(req: IncomingMessage, res: ServerResponse): void {
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stallRangedGets() {
      stalling = true;
      return new Promise((resolve) => (arrived = resolve));
    },
    release() {
      stalling = false;
      for (const [req] of held.splice(0)) req.socket.destroy();
    },
    forwardHeld() {
      stalling = false;
      for (const [req, res] of held.splice(0)) pass(req, res);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
