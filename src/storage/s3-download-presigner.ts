import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl, S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import type { PresignGetRequest } from './object-storage.ts';

/**
 * Signs download URLs. A page of posts signs one URL per file, and the SDK's command path
 * (`getSignedUrl`) runs the whole middleware stack and endpoint rule set for each one: about ten
 * times the CPU of the signature itself (measured: docs/benchmarks.md, posts page). So the SDK
 * resolves the bucket's URL once (path-style or virtual-hosted, whatever the client is set up for)
 * and every download is then signed directly by the SDK's presigner, with the same credentials,
 * region and signing rules.
 */
export function createDownloadPresigner(
  client: S3Client,
  bucket: string,
): (request: PresignGetRequest) => Promise<string> {
  const presigner = new S3RequestPresigner({ ...client.config });
  let bucketUrl: Promise<URL> | undefined;
  return async (request) => {
    // A failed resolution (credentials not yet available, say) is not kept: the next URL tries again.
    const base = await (bucketUrl ??= resolveBucketUrl(client, bucket).catch((error: unknown) => {
      bucketUrl = undefined;
      throw error;
    }));
    const signed = await presigner.presign(
      {
        method: 'GET',
        protocol: base.protocol,
        hostname: base.hostname,
        ...(base.port ? { port: Number(base.port) } : {}),
        path: base.pathname + request.key.split('/').map(escapeUri).join('/'),
        query: {
          'response-content-type': request.responseContentType,
          'response-content-disposition': request.responseContentDisposition,
        },
        headers: { host: base.host },
      },
      { expiresIn: request.expiresInSeconds, ...(request.signedAt ? { signingDate: request.signedAt } : {}) },
    );
    const query = Object.entries(signed.query ?? {})
      .map(([name, value]) => `${escapeUri(name)}=${escapeUri(String(value))}`)
      .join('&');
    return `${base.protocol}//${base.host}${signed.path}?${query}`;
  };
}

/** The URL the SDK would send a request for an object of `bucket` to, without the object's key. */
async function resolveBucketUrl(client: S3Client, bucket: string): Promise<URL> {
  const probeKey = 'probe';
  const probe = new URL(await getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: probeKey })));
  if (!probe.pathname.endsWith(`/${probeKey}`))
    throw new Error(`Unexpected S3 object URL: ${probe.origin}${probe.pathname}`);
  return new URL(probe.pathname.slice(0, -probeKey.length), probe.origin);
}

/** RFC 3986 unreserved characters stay, everything else is percent-encoded, as SigV4 canonicalises. */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
