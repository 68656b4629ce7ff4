import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { installSocketCounters, type SocketCounters } from './socket-counters.ts';

// The benchmark's byte counts come from these counters: a socket this process opens is classified by
// the port it connects to, one it accepts counts as the API's client, and a reset starts from zero.
describe('bench socket counters', () => {
  let server: net.Server;
  let counters: SocketCounters;
  let port: number;

  beforeAll(async () => {
    // Answers each chunk with twice as many bytes.
    server = net.createServer((socket) =>
      socket.on('data', (chunk: Buffer) => socket.write(Buffer.alloc(chunk.length * 2))),
    );
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
    counters = installSocketCounters({ s3Port: port, pgPort: 1 });
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  async function exchange(socket: net.Socket, bytes: number): Promise<void> {
    let received = 0;
    const answered = new Promise<void>((resolve) =>
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= bytes * 2) resolve();
      }),
    );
    socket.write(Buffer.alloc(bytes));
    await answered;
  }

  it('counts both ends of a connection by peer, live and after close, from the last reset', async () => {
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    await exchange(socket, 100);
    counters.reset();
    await exchange(socket, 1000);
    expect(counters.counts().s3).toEqual({ sent: 1000, received: 2000 });
    expect(counters.counts().client).toEqual({ received: 1000, sent: 2000 });

    socket.end();
    await once(socket, 'close');
    const second = net.connect(port, '127.0.0.1');
    await exchange(second, 10);
    second.end();
    await once(second, 'close');
    await new Promise((resolve) => setTimeout(resolve, 50)); // the server's end closes too
    const counts = counters.counts();
    expect(counts.s3).toEqual({ sent: 1010, received: 2020 });
    expect(counts.client).toEqual({ received: 1010, sent: 2020 });
    expect(counts.pg).toEqual({ sent: 0, received: 0 });
  });
});
