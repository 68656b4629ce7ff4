// The local S3 store (s3rver, as the API uses by default) in a process of its own, behind a
// counting proxy: every request is classified (HEAD, ranged GET, POST upload, part upload, copy,
// listing, DELETE by key space…) and counted, so a benchmark sees exactly what each side asked of
// S3. Answers over IPC: `counts` and `reset`.
import { createServer, request, type IncomingMessage } from 'node:http';
import { startLocalS3 } from '../../../src/dev/local-s3.ts';
import { close, listen, serveBenchProcess } from './processes.ts';

export interface S3Counts {
  /** e.g. { "HEAD object": 1, "GET object (range)": 1 } */
  requests: Record<string, number>;
  /** Requests the store answered with a 5xx, by kind (the SDK retries those, so they are also in `requests`). */
  serverErrors: Record<string, number>;
  /** Requests the proxy could not pass on (the store's connection failed): the client sees a reset and may retry. */
  failedForwards: number;
}

const store = await startLocalS3({ dataDir: process.env['S3_DATA_DIR']!, port: 0, bucket: process.env['S3_BUCKET']! });
const upstream = new URL(store.endpoint);
const noCounts = (): S3Counts => ({ requests: {}, serverErrors: {}, failedForwards: 0 });
let counts = noCounts();

const proxy = createServer((req, res) => {
  const kind = classify(req);
  counts.requests[kind] = (counts.requests[kind] ?? 0) + 1;
  const forward = request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      if ((answer.statusCode ?? 502) >= 500) counts.serverErrors[kind] = (counts.serverErrors[kind] ?? 0) + 1;
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forward.on('error', () => {
    counts.failedForwards++;
    res.destroy();
  });
  req.pipe(forward);
});
proxy.keepAliveTimeout = 30_000;
const endpoint = await listen(proxy);

function classify(req: IncomingMessage): string {
  const url = new URL(req.url ?? '/', 'http://s3');
  const query = url.searchParams;
  const target = url.pathname.split('/').filter(Boolean).length > 1 ? 'object' : 'bucket';
  const copy = req.headers['x-amz-copy-source'] !== undefined;
  if (query.has('uploadId') && query.has('partNumber')) return `${req.method} part${copy ? ' (UploadPartCopy)' : ''}`;
  if (req.method === 'GET' && query.has('uploads')) return 'GET bucket (ListMultipartUploads)';
  if (query.has('uploads')) return `${req.method} ${target} (create multipart)`;
  if (query.has('uploadId'))
    return `${req.method} ${target} (multipart ${req.method === 'GET' ? 'list parts' : req.method === 'DELETE' ? 'abort' : 'complete'})`;
  if (query.has('delete')) return `POST bucket (DeleteObjects)`;
  if (req.method === 'GET' && query.get('list-type') === '2') return 'GET bucket (ListObjectsV2)';
  if (req.method === 'GET' && req.headers.range) return `GET ${target} (range)`;
  if (req.method === 'PUT' && copy) return 'PUT object (CopyObject)';
  if (req.method === 'DELETE' && target === 'object') return `DELETE object${keySpace(url.pathname)}`;
  return `${req.method} ${target}`;
}

/** Which of the API's key spaces a path-style object path is in: a staged upload or a file's copy. */
function keySpace(pathname: string): string {
  const space = pathname.split('/').filter(Boolean)[1];
  return space === 'staging' || space === 'files' ? ` (${space}/…)` : '';
}

serveBenchProcess(
  {
    endpoint,
    // The store itself, past the proxy: for seeding and checks that must not be counted.
    storeEndpoint: store.endpoint,
    credentials: store.credentials,
  },
  {
    counts: () => counts,
    reset: () => {
      counts = noCounts();
    },
  },
  async () => {
    await close(proxy);
    await store.stop();
  },
);
