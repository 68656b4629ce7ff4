// The anchor of the requestUpload benchmark: the seeds' design, a Lambda-like endpoint on bare
// node:http that validates a tiny JSON body and answers createPresignedPost's fields. No token,
// no database, no GraphQL: the least any presigning endpoint can do. Same S3 client settings and
// policy conditions as the API, in a process of its own (pinned like the API) so its CPU can be
// read apart (and profiled: harness/cpu-profile.ts). Environment: S3_ENDPOINT, S3_BUCKET, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { profileHandlers } from '../harness/cpu-profile.ts';
import { s3ClientFromEnv } from '../harness/s3-clients.ts';
import { close, listen, serveBenchProcess } from '../harness/processes.ts';

const MAX_BODY_BYTES = 4096;
const EXPIRES_SECONDS = 300;
const ALLOWED_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'application/pdf', 'text/plain']);

const bucket = process.env['S3_BUCKET']!;
const client = s3ClientFromEnv(process.env);

interface PresignRequest {
  filename: string;
  contentType: string;
  byteSize: number;
}

function parseRequest(text: string): PresignRequest | undefined {
  const body = JSON.parse(text) as Partial<PresignRequest>;
  const valid =
    typeof body.filename === 'string' &&
    body.filename.length > 0 &&
    body.filename.length <= 255 &&
    typeof body.contentType === 'string' &&
    ALLOWED_TYPES.has(body.contentType) &&
    Number.isSafeInteger(body.byteSize) &&
    body.byteSize! > 0 &&
    body.byteSize! <= 10 * 1024 * 1024;
  return valid ? (body as PresignRequest) : undefined;
}

async function presign(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > MAX_BODY_BYTES) return send(res, 413, { error: 'too large' });
  }
  const request = parseRequest(text);
  if (!request) return send(res, 400, { error: 'invalid request' });
  // The same policy as the API's tickets: exact key, content type and size, and an expiry.
  const post = await createPresignedPost(client, {
    Bucket: bucket,
    Key: `uploads/${randomUUID()}`,
    Fields: { 'Content-Type': request.contentType },
    Conditions: [['content-length-range', request.byteSize, request.byteSize]],
    Expires: EXPIRES_SECONDS,
  });
  send(res, 200, { url: post.url, fields: Object.entries(post.fields).map(([name, value]) => ({ name, value })) });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/presign') return send(res, 404, { error: 'not found' });
  presign(req, res).catch(() => send(res, 400, { error: 'invalid request' }));
});
server.keepAliveTimeout = 30_000;
serveBenchProcess({ url: `${await listen(server)}/presign` }, profileHandlers(), () => close(server));
