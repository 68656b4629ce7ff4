import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PresignedPut, PresignPartRequest, StoredPart } from './object-storage.ts';

export async function createMultipartUpload(client: S3Client, bucket: string, key: string, contentType: string) {
  const created = await client.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }),
  );
  if (!created.UploadId) throw new Error('CreateMultipartUpload returned no UploadId');
  return created.UploadId;
}

/** Content-Length is signed as a header, so a store that checks signatures refuses another size. */
export async function presignUploadPart(
  client: S3Client,
  bucket: string,
  request: PresignPartRequest,
): Promise<PresignedPut> {
  const command = new UploadPartCommand({
    Bucket: bucket,
    Key: request.key,
    UploadId: request.uploadId,
    PartNumber: request.partNumber,
    ContentLength: request.byteSize,
  });
  const signedAt = Date.now();
  const url = await getSignedUrl(client, command, {
    expiresIn: request.expiresInSeconds,
    signableHeaders: new Set(['content-length']),
  });
  return {
    url,
    headers: [{ name: 'Content-Length', value: String(request.byteSize) }],
    expiresAt: new Date(Math.floor(signedAt / 1000) * 1000 + request.expiresInSeconds * 1000),
  };
}

/** All parts, following ListParts' pages (at most 1,000 parts each). */
export async function listParts(
  client: S3Client,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<StoredPart[]> {
  const parts: StoredPart[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(
      new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }),
    );
    for (const part of page.Parts ?? []) {
      if (part.PartNumber && part.ETag) {
        parts.push({ partNumber: part.PartNumber, byteSize: part.Size ?? 0, etag: part.ETag });
      }
    }
    marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
  } while (marker);
  return parts.sort((a, b) => a.partNumber - b.partNumber);
}

export async function completeMultipartUpload(
  client: S3Client,
  bucket: string,
  key: string,
  uploadId: string,
  parts: readonly StoredPart[],
): Promise<void> {
  await client.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
    }),
  );
}

export async function abortMultipartUpload(client: S3Client, bucket: string, key: string, uploadId: string) {
  await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
}
