// Reading and deleting single objects and batches of them, as the S3 adapter's port methods do.
import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { MAX_DELETE_BATCH, type StoredObjectHead } from './object-storage.ts';
import { guard } from './s3-errors.ts';

export async function headObject(client: S3Client, bucket: string, key: string): Promise<StoredObjectHead> {
  // ChecksumMode: the store returns the SHA-256 it verified on upload, if it kept one.
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
  return {
    byteSize: head.ContentLength ?? 0,
    contentType: head.ContentType,
    etag: head.ETag,
    checksumSha256: head.ChecksumSHA256,
  };
}

export async function readObjectStart(
  client: S3Client,
  bucket: string,
  key: string,
  length: number,
  ifMatch: string | undefined,
): Promise<Uint8Array> {
  const object = await client.send(
    new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${length - 1}`, IfMatch: ifMatch }),
  );
  if (!object.Body) return new Uint8Array();
  const bytes = await object.Body.transformToByteArray();
  // A store that ignores Range would send the whole object; keep only what was asked for.
  return bytes.length > length ? bytes.subarray(0, length) : bytes;
}

export async function readObject(
  client: S3Client,
  bucket: string,
  key: string,
  ifMatch: string | undefined,
): Promise<AsyncIterable<Uint8Array>> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: ifMatch }));
  return (object.Body as AsyncIterable<Uint8Array> | undefined) ?? (async function* () {})();
}

export async function deleteObject(client: S3Client, bucket: string, key: string): Promise<void> {
  await guard('DeleteObject', () => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
}

export async function deleteObjects(
  client: S3Client,
  bucket: string,
  keys: readonly string[],
): Promise<{ failed: { key: string; reason: string }[] }> {
  if (keys.length > MAX_DELETE_BATCH) throw new RangeError(`At most ${MAX_DELETE_BATCH} keys per DeleteObjects`);
  if (keys.length === 0) return { failed: [] };
  const command = new DeleteObjectsCommand({
    Bucket: bucket,
    Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
  });
  withContentMd5(command);
  const result = await guard('DeleteObjects', () => client.send(command));
  return {
    failed: (result.Errors ?? []).map((error) => ({
      key: error.Key ?? '',
      reason: `${error.Code ?? 'Error'}: ${error.Message ?? ''}`,
    })),
  };
}

/**
 * DeleteObjects must carry a body checksum. The SDK now sends a CRC32 header, which older
 * S3-compatible stores (Ceph radosgw 16) do not know; Content-MD5 is what every store accepts.
 */
function withContentMd5(command: DeleteObjectsCommand): void {
  command.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      if (request.headers && typeof request.body === 'string') {
        request.headers['content-md5'] = createHash('md5').update(request.body).digest('base64');
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'contentMd5ForDeleteObjects' },
  );
}
