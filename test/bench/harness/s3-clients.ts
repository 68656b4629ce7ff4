import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../../src/storage/s3-client.ts';

interface S3Endpoint {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/** A client of the bench's S3 store, set up as the API sets up its own (src/storage/s3-client.ts). */
export function s3ClientFor(store: S3Endpoint): S3Client {
  return createS3Client({
    region: 'us-east-1',
    endpoint: store.endpoint,
    forcePathStyle: true,
    credentials: store.credentials,
  });
}

/** A client of the store itself, past the counting proxy: seeding and checks that are not measured. */
export function uncountedS3Client(store: S3Endpoint & { storeEndpoint: string }): S3Client {
  return s3ClientFor({ endpoint: store.storeEndpoint, credentials: store.credentials });
}

/** The same, in a bench server process: the store as the bench stack hands it to the API. */
export function s3ClientFromEnv(env: NodeJS.ProcessEnv): S3Client {
  return s3ClientFor({
    endpoint: env['S3_ENDPOINT']!,
    credentials: { accessKeyId: env['AWS_ACCESS_KEY_ID']!, secretAccessKey: env['AWS_SECRET_ACCESS_KEY']! },
  });
}
