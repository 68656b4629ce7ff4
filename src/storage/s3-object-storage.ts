import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  MAX_DELETE_BATCH,
  StorageUnavailableError,
  type ObjectStorage,
  type StoredObjectHead,
} from './object-storage.ts';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listParts,
  presignUploadPart,
} from './s3-multipart.ts';
import { copyObject, type CopyOptions } from './s3-copy.ts';
import { createDownloadPresigner } from './s3-download-presigner.ts';
import { guard, isStatus } from './s3-errors.ts';
import { listMultipartUploads, listObjects } from './s3-listing.ts';
import { presignPost, presignPut } from './s3-presign.ts';

export type { CopyOptions } from './s3-copy.ts';

/** The S3 adapter of the storage port. Takes the client, like the AWS presigned-post helper does. */
export function createS3ObjectStorage(client: S3Client, bucket: string, options: CopyOptions = {}): ObjectStorage {
  const presignGet = createDownloadPresigner(client, bucket);
  return {
    presignPost: (request) => guard('presign', () => presignPost(client, bucket, request)),
    presignPut: (request) => guard('presign', () => presignPut(client, bucket, request)),
    presignGet: (request) => guard('presign', () => presignGet(request)),

    async head(key): Promise<StoredObjectHead | null> {
      try {
        // ChecksumMode: the store returns the SHA-256 it verified on upload, if it kept one.
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: 'ENABLED' }));
        return {
          byteSize: head.ContentLength ?? 0,
          contentType: head.ContentType,
          etag: head.ETag,
          checksumSha256: head.ChecksumSHA256,
        };
      } catch (error) {
        if (isStatus(error, 404)) return null;
        throw new StorageUnavailableError('HeadObject', error);
      }
    },

    async readStart(key, length, ifMatch) {
      try {
        const object = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${length - 1}`, IfMatch: ifMatch }),
        );
        if (!object.Body) return new Uint8Array();
        const bytes = await object.Body.transformToByteArray();
        // A store that ignores Range would send the whole object; keep only what was asked for.
        return bytes.length > length ? bytes.subarray(0, length) : bytes;
      } catch (error) {
        if (isStatus(error, 404) || isStatus(error, 412)) return null;
        throw new StorageUnavailableError('GetObject', error);
      }
    },

    async readAll(key, ifMatch) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: ifMatch }));
        return (object.Body as AsyncIterable<Uint8Array> | undefined) ?? (async function* () {})();
      } catch (error) {
        if (isStatus(error, 404) || isStatus(error, 412)) return null;
        throw new StorageUnavailableError('GetObject', error);
      }
    },

    copy: (request) => copyObject(client, bucket, request, options),
    listObjects: (prefix) => listObjects(client, bucket, prefix),
    listMultipartUploads: (prefix) => listMultipartUploads(client, bucket, prefix),

    async delete(key) {
      await guard('DeleteObject', () => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
    },

    async deleteMany(keys) {
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
    },

    createMultipartUpload: (key, contentType) =>
      guard('CreateMultipartUpload', () => createMultipartUpload(client, bucket, key, contentType)),
    presignUploadPart: (request) => guard('presign', () => presignUploadPart(client, bucket, request)),

    async listParts(key, uploadId) {
      try {
        return await listParts(client, bucket, key, uploadId);
      } catch (error) {
        if (isStatus(error, 404)) return null; // NoSuchUpload: completed or aborted
        throw new StorageUnavailableError('ListParts', error);
      }
    },

    completeMultipartUpload: (key, uploadId, parts) =>
      guard('CompleteMultipartUpload', () => completeMultipartUpload(client, bucket, key, uploadId, parts)),

    async abortMultipartUpload(key, uploadId) {
      try {
        await abortMultipartUpload(client, bucket, key, uploadId);
      } catch (error) {
        if (isStatus(error, 404)) return;
        throw new StorageUnavailableError('AbortMultipartUpload', error);
      }
    },

    async ping() {
      await guard('HeadBucket', () => client.send(new HeadBucketCommand({ Bucket: bucket })));
    },
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
