import { mkdir } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { makeWritesAtomic } from './s3rver-atomic-writes.ts';
import { s3rverExtensions, type Store } from './s3rver-extensions.ts';

export interface LocalS3Options {
  dataDir: string;
  port: number;
  bucket: string;
}

export interface RunningLocalS3 {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  stop(): Promise<void>;
}

// A browser page on any origin may POST uploads and GET downloads: this store only runs for local
// development and tests, where the page's origin is not known in advance.
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/**
 * Runs s3rver on 127.0.0.1 with the bucket and its CORS rule in place. s3rver accepts any
 * credentials and checks no POST policy: it stands in for S3 in development, not in security tests.
 */
export async function startLocalS3(options: LocalS3Options): Promise<RunningLocalS3> {
  await mkdir(options.dataDir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    directory: options.dataDir,
    silent: true,
    configureBuckets: [{ name: options.bucket, configs: [CORS] }],
  });
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  // s3rver reports a failed listen as an unhandled 'error' event that kills the process: try the
  // port first. A store already serving our bucket there (a running dev server, when a script
  // such as `npm run sweep` starts) is reused; anything else gets a message saying what to change.
  const taken = await portTaken(options.port);
  if (taken) {
    const endpoint = `http://127.0.0.1:${options.port}`;
    if (await servesBucket(endpoint, options.bucket)) return { endpoint, credentials, stop: () => Promise.resolve() };
    throw new Error(
      `Local S3 store (s3rver) cannot listen on 127.0.0.1:${options.port} (${taken}). ` +
        'Stop what uses the port or set LOCAL_S3_PORT.',
    );
  }
  // First in line, ahead of s3rver's router (Koa composes its middleware list when listening).
  const koa = server as unknown as { middleware: unknown[]; store: Store & Parameters<typeof makeWritesAtomic>[0] };
  makeWritesAtomic(koa.store);
  koa.middleware.unshift(s3rverExtensions(koa.store));
  const address: AddressInfo = await server.run();
  return { endpoint: `http://127.0.0.1:${address.port}`, credentials, stop: () => server.close() };
}

/** Why the port cannot be listened on, or null when it can. */
function portTaken(port: number): Promise<string | null> {
  if (port === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => resolve(String(error)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(null)));
  });
}

async function servesBucket(endpoint: string, bucket: string): Promise<boolean> {
  try {
    // s3rver answers unsigned requests; a 200 for HEAD on the bucket means it is ours to use.
    const response = await fetch(`${endpoint}/${bucket}`, { method: 'HEAD', signal: AbortSignal.timeout(2000) });
    return response.status === 200;
  } catch {
    return false;
  }
}
