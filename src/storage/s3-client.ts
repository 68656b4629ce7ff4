import { S3Client } from '@aws-sdk/client-s3';

export interface S3ClientSettings {
  region: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
  /** Explicit credentials (the local store); otherwise the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function createS3Client(settings: S3ClientSettings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // Checksums only where S3 requires them: non-AWS stores corrupt or refuse the default
    // flexible-checksum trailers (see docs/storage.md).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
