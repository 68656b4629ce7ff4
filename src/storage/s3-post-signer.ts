import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { SignatureV4 } from '@smithy/signature-v4';
import type { PresignedPost, PresignPostRequest } from './object-storage.ts';
import { signingDate } from './s3-retry-policy.ts';

/**
 * Signs presigned POSTs exactly as `createPresignedPost` does (the same fields in the same order,
 * the same policy document, the same SigV4 signature), without its per-call work: on every ticket
 * it resolves the bucket's URL through the S3 endpoint rules and awaits every config value, about
 * 110 µs of CPU per ticket (a probe; the SDK was 18% of the API's profiled CPU per requestUpload).
 * Here the URL and region are resolved once (by `createPresignedPost` itself, so they are whatever
 * the client is set up for). The signature stays the SDK's: its SigV4 signer signs the policy with
 * the signing key it caches per day, region and credentials. Credentials are asked for on every
 * ticket (the provider may rotate them) and the signer is given exactly those, so the
 * X-Amz-Credential field and the signature always name the same key. The conditions are distinct
 * by construction, so createPresignedPost's de-duplication has nothing to remove. (A key ending in
 * `${filename}`, which createPresignedPost turns into a starts-with condition, is never issued
 * here: keys are ours.) test/storage/s3-presign.test.ts holds the output byte for byte to
 * createPresignedPost's.
 */
export function createPostSigner(
  client: S3Client,
  bucket: string,
): (request: PresignPostRequest) => Promise<PresignedPost> {
  let resolving: Promise<Target> | undefined;
  let target: Target | undefined;

  const sign = async ({ url, region }: Target, request: PresignPostRequest): Promise<PresignedPost> => {
    const credentials = await client.config.credentials();
    const now = signingDate(client);
    const amzDate = iso8601(now).replaceAll('-', '').replaceAll(':', '');
    const scopeDate = amzDate.slice(0, 8);
    const expires = new Date(now.valueOf() + request.expiresInSeconds * 1000);
    // createPresignedPost's fields: the caller's first, then bucket and the signature's own.
    const fields: [string, string][] = [['Content-Type', request.contentType]];
    // S3 checks a Content-MD5 form field against the bytes; as a field it is also a policy condition.
    if (request.contentMd5) fields.push(['Content-MD5', request.contentMd5]);
    fields.push(
      ['bucket', bucket],
      ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
      ['X-Amz-Credential', `${credentials.accessKeyId}/${scopeDate}/${region}/s3/aws4_request`],
      ['X-Amz-Date', amzDate],
    );
    if (credentials.sessionToken) fields.push(['X-Amz-Security-Token', credentials.sessionToken]);
    // Every field, the exact size and the exact key are conditions (createPresignedPost's order).
    const conditions: unknown[] = [['content-length-range', request.byteSize, request.byteSize]];
    for (const [name, value] of fields) conditions.push({ [name]: value });
    conditions.push({ key: request.key });
    const policy = Buffer.from(JSON.stringify({ expiration: iso8601(expires), conditions }), 'utf8').toString('base64');
    // A signer for exactly these credentials (its signing-key cache is shared, per day and key).
    const signer = new SignatureV4({ credentials, region, service: 's3', sha256: client.config.sha256 });
    const signature = await signer.sign(policy, { signingDate: now });
    fields.push(['key', request.key], ['Policy', policy], ['X-Amz-Signature', signature]);
    // The policy's expiration has second precision: the ticket stops working at that instant.
    const expiresAt = new Date(Math.floor(expires.valueOf() / 1000) * 1000);
    return { url, fields: fields.map(([name, value]) => ({ name, value })), expiresAt };
  };

  return (request) => {
    if (target) return sign(target, request);
    // A failed resolution (credentials not yet available, say) is not kept: the next ticket tries again.
    resolving ??= resolveTarget(client, bucket).then(
      (resolved) => (target = resolved),
      (error: unknown) => {
        resolving = undefined;
        throw error;
      },
    );
    return resolving.then((resolved) => sign(resolved, request));
  };
}

interface Target {
  url: string;
  region: string;
}

/** The bucket's POST URL and the signing region, as createPresignedPost resolves them for this client. */
async function resolveTarget(client: S3Client, bucket: string): Promise<Target> {
  // The S3 endpoint rules do not read the key (the SDK's endpoint cache leaves it out too).
  const probe = await createPresignedPost(client, { Bucket: bucket, Key: 'probe' });
  return { url: probe.url, region: await client.config.region() };
}

/** ISO 8601 to the second, as SigV4 and the policy's expiration write it (toISOString ends in ".sssZ"). */
function iso8601(date: Date): string {
  return `${date.toISOString().slice(0, -5)}Z`;
}
