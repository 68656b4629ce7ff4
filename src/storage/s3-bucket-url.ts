import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/**
 * The bucket's base URL (path-style or virtual-hosted, whatever the client is set up for), asked
 * of the SDK's endpoint rules once: requests signed directly (download URLs, the confirm's object
 * requests) then only append the key. A failed resolution (credentials not yet available, say) is
 * not kept: the next caller tries again.
 */
export function bucketUrlResolver(client: S3Client, bucket: string): () => Promise<URL> {
  let resolved: Promise<URL> | undefined;
  return () =>
    (resolved ??= resolveBucketUrl(client, bucket).catch((error: unknown) => {
      resolved = undefined;
      throw error;
    }));
}

async function resolveBucketUrl(client: S3Client, bucket: string): Promise<URL> {
  const probeKey = 'probe';
  const probe = new URL(await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: probeKey })));
  if (!probe.pathname.endsWith(`/${probeKey}`))
    throw new Error(`Unexpected S3 object URL: ${probe.origin}${probe.pathname}`);
  return new URL(probe.pathname.slice(0, -probeKey.length), probe.origin);
}

/** The path of `key` under the bucket's URL, each segment escaped as SigV4 canonicalises it. */
export function objectPath(base: URL, key: string): string {
  return base.pathname + key.split('/').map(escapeUri).join('/');
}

/** RFC 3986 unreserved characters stay, everything else is percent-encoded, as SigV4 canonicalises. */
export function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `bucket/key` for x-amz-copy-source, each segment percent-encoded (every byte but RFC 3986's
 * unreserved characters): stores decode the header, and a raw `+`, `%` or non-ASCII would name
 * another key or not be a valid header at all.
 */
export function copySource(bucket: string, key: string): string {
  return [bucket, ...key.split('/')].map(escapeUri).join('/');
}
