import type { S3Client } from '@aws-sdk/client-s3';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import type { PresignGetRequest } from './object-storage.ts';
import { escapeUri, objectPath } from './s3-bucket-url.ts';

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
  bucketUrl: () => Promise<URL>,
): (request: PresignGetRequest) => Promise<string> {
  const presigner = new S3RequestPresigner({ ...client.config });
  return async (request) => {
    const base = await bucketUrl();
    const signed = await presigner.presign(
      {
        method: 'GET',
        protocol: base.protocol,
        hostname: base.hostname,
        ...(base.port ? { port: Number(base.port) } : {}),
        path: objectPath(base, request.key),
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
