import { mkdir } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import S3rver from 's3rver';

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
  // s3rver reports a failed listen as an unhandled 'error' event that kills the process: try the
  // port first, so a clash gets a message that says what to change.
  await assertPortFree(options.port).catch((error: unknown) => {
    throw new Error(
      `Local S3 store (s3rver) cannot listen on 127.0.0.1:${options.port} (${String(error)}). ` +
        'Stop what uses the port or set LOCAL_S3_PORT.',
      { cause: error },
    );
  });
  const address: AddressInfo = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    stop: () => server.close(),
  };
}

function assertPortFree(port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
