import { ListMultipartUploadsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ListedObject, ListedUpload } from './object-storage.ts';
import { guard } from './s3-errors.ts';

/** ListObjectsV2, page by page (the store's pages: at most 1,000 keys each). */
export async function* listObjects(client: S3Client, bucket: string, prefix: string): AsyncGenerator<ListedObject[]> {
  let token: string | undefined;
  do {
    const page = await guard('ListObjectsV2', () =>
      client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })),
    );
    yield (page.Contents ?? []).flatMap((object) =>
      object.Key !== undefined && object.LastModified ? [{ key: object.Key, lastModified: object.LastModified }] : [],
    );
    // A truncated page without a token would start over from the first key: stop instead.
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** ListMultipartUploads, page by page; the markers pair a key with an upload id (one key may have several). */
export async function* listMultipartUploads(
  client: S3Client,
  bucket: string,
  prefix: string,
): AsyncGenerator<ListedUpload[]> {
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    const page = await guard('ListMultipartUploads', () =>
      client.send(
        new ListMultipartUploadsCommand({
          Bucket: bucket,
          Prefix: prefix,
          KeyMarker: keyMarker,
          UploadIdMarker: uploadIdMarker,
        }),
      ),
    );
    yield (page.Uploads ?? []).flatMap((upload) =>
      upload.Key !== undefined && upload.UploadId && upload.Initiated
        ? [{ key: upload.Key, uploadId: upload.UploadId, initiated: upload.Initiated }]
        : [],
    );
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    uploadIdMarker = keyMarker === undefined ? undefined : page.NextUploadIdMarker;
  } while (keyMarker);
}
