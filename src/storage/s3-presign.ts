import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PresignedPut, PresignPutRequest } from './object-storage.ts';

/**
 * A presigned PUT that signs Content-Type, Content-Length, `x-amz-acl: private` and the declared
 * checksums as headers, so a store that checks signatures refuses any other size, type, bytes or
 * ACL (a client's `x-amz-acl: public-read` breaks the signature). Headers are kept out of the
 * query string (x-amz-* would otherwise be hoisted into it, where nobody checks them). Other
 * unsigned headers (x-amz-meta-*, Cache-Control) may still be stored on the staged object by a
 * lenient store, but never reach a File: the promotion's copy replaces all metadata.
 */
export async function presignPut(client: S3Client, bucket: string, request: PresignPutRequest): Promise<PresignedPut> {
  const command = new PutObjectCommand({
    Bucket: bucket,
    Key: request.key,
    ContentType: request.contentType,
    ContentLength: request.byteSize,
    ACL: 'private',
    ...(request.contentMd5 ? { ContentMD5: request.contentMd5 } : {}),
    ...(request.checksumSha256 ? { ChecksumSHA256: request.checksumSha256 } : {}),
  });
  const headers: [string, string][] = [
    ['Content-Type', request.contentType],
    ['Content-Length', String(request.byteSize)],
    ['x-amz-acl', 'private'],
  ];
  if (request.contentMd5) headers.push(['Content-MD5', request.contentMd5]);
  if (request.checksumSha256) headers.push(['x-amz-checksum-sha256', request.checksumSha256]);
  const signed = new Set(headers.map(([name]) => name.toLowerCase()));
  const signedAt = Date.now();
  const url = await getSignedUrl(client, command, {
    expiresIn: request.expiresInSeconds,
    signableHeaders: signed,
    unhoistableHeaders: signed,
  });
  return {
    url,
    headers: headers.map(([name, value]) => ({ name, value })),
    // X-Amz-Date has second precision: the URL stops working at most this late.
    expiresAt: new Date(Math.floor(signedAt / 1000) * 1000 + request.expiresInSeconds * 1000),
  };
}
