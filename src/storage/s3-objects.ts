// Reading whole objects and deleting batches of them through the SDK (the confirm's calls to single
// objects are signed directly: s3-object-requests.ts).
import { createHash } from 'node:crypto';
import { DeleteObjectsCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { MAX_DELETE_BATCH } from './object-storage.ts';
import { guard } from './s3-errors.ts';

export async function readObject(
  client: S3Client,
  bucket: string,
  key: string,
  ifMatch: string | undefined,
): Promise<AsyncIterable<Uint8Array>> {
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: ifMatch }));
  return (object.Body as AsyncIterable<Uint8Array> | undefined) ?? (async function* () {})();
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
