import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
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
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (error) {
    throw new Error(`Local S3 store (s3rver) could not listen on 127.0.0.1:${options.port}: ${String(error)}`, {
      cause: error,
    });
  }
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    stop: () => server.close(),
  };
}
