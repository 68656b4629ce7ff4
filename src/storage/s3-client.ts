import { S3Client } from '@aws-sdk/client-s3';
import { Sha256 } from './s3-sha256.ts';

export interface S3ClientSettings {
  region: string;
  endpoint: string | undefined;
  forcePathStyle: boolean;
  /** Explicit credentials (the local store); otherwise the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** The longest one call may take, its retry included (S3_TIMEOUT_MS). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** One retry: a blip is absorbed, an outage is reported within the deadline. */
const ATTEMPTS = 2;

export function createS3Client(settings: S3ClientSettings): S3Client {
  const perAttemptMs = Math.ceil((settings.timeoutMs ?? DEFAULT_TIMEOUT_MS) / ATTEMPTS);
  return new S3Client({
    region: settings.region,
    // The SDK's hashing with byte keys made KeyObjects: a cheaper HMAC per signature (s3-sha256.ts).
    sha256: Sha256,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    forcePathStyle: settings.forcePathStyle,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // Checksums only where S3 requires them: non-AWS stores corrupt or refuse the default
    // flexible-checksum trailers (see docs/storage.md).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Without these an unanswering store holds a request until the OS gives up on the socket.
    maxAttempts: ATTEMPTS,
    requestHandler: {
      connectionTimeout: Math.min(perAttemptMs, 3_000),
      // Reset by every byte that arrives, so a large streamed read is not cut, a silent one is.
      requestTimeout: perAttemptMs,
      // Without it the SDK only logs a warning when the timeout passes, and goes on waiting.
      throwOnRequestTimeout: true,
    },
  });
}
