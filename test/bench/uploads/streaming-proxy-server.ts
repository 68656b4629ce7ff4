// The baseline the upload tickets are measured against: an upload API that receives the file's
// bytes itself and streams them on to S3, as an API without tickets would. `POST /upload/<key>`
// with a bearer token and a Content-Length; the body goes to S3 as one streamed PutObject (no
// buffering of the file: the most frugal way a proxy can do it; S3 takes up to 5 GB this way).
// Answers over IPC: `socketCounts`, `resetSocketCounts` (with BENCH_SOCKET_COUNTERS=1), `memoryUsage`.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createTokenVerifier } from '../../../src/auth/token-verifier.ts';
import { socketCountersFromEnv } from '../harness/socket-counters.ts';
import { close, listen, serveBenchProcess } from '../harness/processes.ts';
import { s3ClientFromEnv } from '../harness/s3-clients.ts';

const env = process.env;
const socketCounters = socketCountersFromEnv(env);
const bucket = env['S3_BUCKET']!;
const verify = createTokenVerifier(
  { kind: 'secret', secret: new TextEncoder().encode(env['JWT_SECRET']) },
  { maxLifetimeSeconds: 24 * 3600, clockToleranceSeconds: 30 },
);
const s3 = s3ClientFromEnv(env);

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const key = /^\/upload\/([\w./-]+)$/.exec(req.url ?? '')?.[1];
  const byteSize = Number(req.headers['content-length']);
  if (req.method !== 'POST' || !key || !Number.isSafeInteger(byteSize))
    return reply(res, 400, { error: 'bad request' });
  const identity = await verify((req.headers.authorization ?? '').replace(/^Bearer /, '')).catch(() => undefined);
  if (!identity) return reply(res, 401, { error: 'unauthenticated' });
  const stored = `proxy/${identity.subject}/${key}`;
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: stored,
      Body: req,
      ContentLength: byteSize,
      ContentType: req.headers['content-type'] ?? 'application/octet-stream',
    }),
  );
  reply(res, 200, { key: stored, byteSize });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    if (!res.headersSent) reply(res, 502, { error: String(error) });
    else res.destroy();
  });
});
server.requestTimeout = 0; // a 1 GB body takes longer than Node's default of 5 minutes on a slow machine
serveBenchProcess(
  { url: await listen(server) },
  {
    socketCounts: () => socketCounters?.counts(),
    resetSocketCounts: () => socketCounters?.reset(),
    memoryUsage: () => process.memoryUsage(),
  },
  async () => {
    await close(server);
    s3.destroy();
  },
);
