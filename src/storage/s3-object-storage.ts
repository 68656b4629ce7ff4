import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectStorage } from './object-storage.ts';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listParts,
  presignUploadPart,
} from './s3-multipart.ts';
import { bucketUrlResolver } from './s3-bucket-url.ts';
import { copyObject, type CopyOptions } from './s3-copy.ts';
import { createDownloadPresigner } from './s3-download-presigner.ts';
import { guard, guardMissing } from './s3-errors.ts';
import { listMultipartUploads, listObjects } from './s3-listing.ts';
import { deleteObject, headObject, readObjectStart } from './s3-object-requests.ts';
import { deleteObjects, readObject } from './s3-objects.ts';
import { createSignedRequests } from './s3-signed-requests.ts';
import { createPostSigner } from './s3-post-signer.ts';
import { presignPut } from './s3-presign.ts';

export type { CopyOptions } from './s3-copy.ts';

/** The port, and what the composition root stops at shutdown: the adapter's own sockets. */
export interface S3ObjectStorage extends ObjectStorage {
  close(): void;
}

/** The S3 adapter of the storage port. Takes the client, like the AWS presigned-post helper does. */
export function createS3ObjectStorage(
  client: S3Client,
  bucket: string,
  options: CopyOptions & { timeoutMs?: number | undefined } = {},
): S3ObjectStorage {
  // Tickets and download URLs resolve the bucket's URL once, not per signature.
  const presignPost = createPostSigner(client, bucket);
  const bucketUrl = bucketUrlResolver(client, bucket);
  const presignGet = createDownloadPresigner(client, bucketUrl);
  // The calls every confirm makes skip the SDK's per-command pipeline (see s3-signed-requests.ts).
  const { send, close } = createSignedRequests(client, bucketUrl, { timeoutMs: options.timeoutMs });
  return {
    close,
    presignPost: (request) => guard('presign', () => presignPost(request)),
    presignPut: (request) => guard('presign', () => presignPut(client, bucket, request)),
    presignGet: (request) => guard('presign', () => presignGet(request)),

    head: (key) => headObject(send, key),
    readStart: (key, length, ifMatch) => readObjectStart(send, key, length, ifMatch),
    readAll: (key, ifMatch) => guardMissing('GetObject', [404, 412], () => readObject(client, bucket, key, ifMatch)),

    copy: (request) => copyObject(client, send, bucket, request, options),
    listObjects: (prefix) => listObjects(client, bucket, prefix),
    listMultipartUploads: (prefix) => listMultipartUploads(client, bucket, prefix),
    delete: (key) => deleteObject(send, key),
    deleteMany: (keys) => deleteObjects(client, bucket, keys),

    createMultipartUpload: (key, contentType) =>
      guard('CreateMultipartUpload', () => createMultipartUpload(client, bucket, key, contentType)),
    presignUploadPart: (request) => guard('presign', () => presignUploadPart(client, bucket, request)),
    // 404 is NoSuchUpload: the upload was completed or aborted.
    listParts: (key, uploadId) => guardMissing('ListParts', [404], () => listParts(client, bucket, key, uploadId)),
    completeMultipartUpload: (key, uploadId, parts) =>
      guard('CompleteMultipartUpload', () => completeMultipartUpload(client, bucket, key, uploadId, parts)),
    async abortMultipartUpload(key, uploadId) {
      await guardMissing('AbortMultipartUpload', [404], () => abortMultipartUpload(client, bucket, key, uploadId));
    },

    async ping() {
      await guard('HeadBucket', () => client.send(new HeadBucketCommand({ Bucket: bucket })));
    },
  };
}
