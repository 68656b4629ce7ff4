import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type CompleteMultipartUploadCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { StorageUnavailableError, type CopiedObject, type CopyRequest } from './object-storage.ts';
import { copySource } from './s3-bucket-url.ts';
import { guard, isStatus } from './s3-errors.ts';
import { copySingleObject } from './s3-object-requests.ts';
import type { SendObjectRequest } from './s3-signed-requests.ts';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;
/** S3's limit for one CopyObject, and for one part. */
export const MAX_SINGLE_COPY_BYTES = 5 * GiB;
const MAX_PART_BYTES = 5 * GiB;
/** S3's smallest part (all but the last). */
const MIN_PART_BYTES = 5 * MiB;
const MAX_PARTS = 10_000;
/** Large parts: fewer requests; each is copied inside the store, no byte passes through here. */
const DEFAULT_COPY_PART_BYTES = 512 * MiB;
/** Parts copied at once: a few, so one large copy does not take all of the store's attention. */
const PART_CONCURRENCY = 4;

export interface CopyOptions {
  /** Objects up to this size are copied with one CopyObject (S3_MAX_COPY_BYTES). */
  singleCopyLimitBytes?: number | undefined;
  /** Preferred part size for larger objects, raised where 10,000 parts would not be enough. */
  copyPartBytes?: number | undefined;
}

/** A server-side copy pinned to `ifMatch`; null when the source is gone or has other bytes. */
export async function copyObject(
  client: S3Client,
  send: SendObjectRequest,
  bucket: string,
  request: CopyRequest,
  options: CopyOptions = {},
): Promise<CopiedObject | null> {
  if (request.byteSize > (options.singleCopyLimitBytes ?? MAX_SINGLE_COPY_BYTES)) {
    return copyInParts(client, bucket, request, partSize(request.byteSize, options.copyPartBytes));
  }
  return copySingleObject(send, bucket, request);
}

/** The smallest whole number of MiB that is at least the preferred size and fits in 10,000 parts. */
export function partSize(byteSize: number, preferred = DEFAULT_COPY_PART_BYTES): number {
  const size = Math.ceil(Math.max(preferred, MIN_PART_BYTES, Math.ceil(byteSize / MAX_PARTS)) / MiB) * MiB;
  if (size > MAX_PART_BYTES) throw new RangeError(`${byteSize} bytes do not fit in ${MAX_PARTS} parts of 5 GiB`);
  return size;
}

async function copyInParts(
  client: S3Client,
  bucket: string,
  request: CopyRequest,
  size: number,
): Promise<CopiedObject | null> {
  const checksum = request.withChecksumSha256 ? { ChecksumAlgorithm: 'SHA256' as const } : {};
  const created = await guard('CreateMultipartUpload', () =>
    client.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: request.destinationKey,
        ContentType: request.contentType,
        ...checksum,
      }),
    ),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new StorageUnavailableError('CreateMultipartUpload', new Error('no UploadId'));
  const upload = { Bucket: bucket, Key: request.destinationKey, UploadId: uploadId };
  let completed: CompleteMultipartUploadCommandOutput;
  try {
    const parts = await copyParts(client, upload, request, size);
    if (!parts) {
      await abortQuietly(client, upload);
      return null;
    }
    completed = await guard('CompleteMultipartUpload', () =>
      client.send(new CompleteMultipartUploadCommand({ ...upload, MultipartUpload: { Parts: parts } })),
    );
  } catch (error) {
    await abortQuietly(client, upload);
    throw error;
  }
  return {
    // Ceph radosgw 16 answers CompleteMultipartUpload with an empty ETag: ask the object itself.
    etag: completed.ETag || (await headEtag(client, upload)),
    // A SHA-256 over parts is COMPOSITE (a hash of the part hashes, "…-N"), not the bytes' digest:
    // nothing can be compared with it, so it is not reported.
    checksumSha256: completed.ChecksumType === 'FULL_OBJECT' ? completed.ChecksumSHA256 : undefined,
  };
}

type Upload = { Bucket: string; Key: string; UploadId: string };

/** Every part, a few at a time; null as soon as one finds the source gone or changed. */
async function copyParts(
  client: S3Client,
  upload: Upload,
  request: CopyRequest,
  size: number,
): Promise<CompletedPart[] | null> {
  const count = Math.ceil(request.byteSize / size);
  const parts: CompletedPart[] = [];
  const state = { next: 0, gone: false, failure: undefined as unknown };
  const worker = async () => {
    while (state.next < count && !state.gone && state.failure === undefined) {
      const index = state.next++;
      const first = index * size;
      const last = Math.min(request.byteSize, first + size) - 1;
      try {
        const copied = await client.send(
          new UploadPartCopyCommand({
            ...upload,
            PartNumber: index + 1,
            CopySource: copySource(upload.Bucket, request.sourceKey),
            CopySourceRange: `bytes=${first}-${last}`,
            // On every part: a source replaced mid-way must not give an object of mixed bytes.
            CopySourceIfMatch: request.ifMatch,
          }),
        );
        const result = copied.CopyPartResult;
        parts[index] = { PartNumber: index + 1, ETag: result?.ETag, ChecksumSHA256: result?.ChecksumSHA256 };
      } catch (error) {
        if (sourceGone(error)) state.gone = true;
        else state.failure ??= error;
      }
    }
  };
  // Workers stop taking parts after a failure but finish the ones under way, so the abort that
  // follows comes after the last part: a part stored after an abort would be left behind.
  await Promise.all(Array.from({ length: Math.min(PART_CONCURRENCY, count) }, worker));
  if (state.failure !== undefined) throw new StorageUnavailableError('UploadPartCopy', state.failure);
  return state.gone ? null : parts;
}

async function headEtag(client: S3Client, upload: Upload): Promise<string | undefined> {
  const head = await guard('HeadObject', () =>
    client.send(new HeadObjectCommand({ Bucket: upload.Bucket, Key: upload.Key })),
  );
  return head.ETag;
}

/** Best effort: the copy already failed; an upload left behind is the sweeper's to abort. */
async function abortQuietly(client: S3Client, upload: Upload): Promise<void> {
  await client.send(new AbortMultipartUploadCommand(upload)).catch(() => undefined);
}

/** 404 NoSuchKey or 412 PreconditionFailed: the verified bytes are no longer there. */
const sourceGone = (error: unknown) => isStatus(error, 404) || isStatus(error, 412);
