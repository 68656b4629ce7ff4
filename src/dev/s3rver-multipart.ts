import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  answer,
  answerError,
  escape,
  queryValue,
  S3_XMLNS,
  type Context,
  type ObjectName,
  type Store,
} from './s3rver-common.ts';

/**
 * ListParts, AbortMultipartUpload and ListMultipartUploads, which s3rver lacks and resuming,
 * aborting and sweeping uploads need, on s3rver's own layout (see s3rver-common.ts), answering
 * with the XML S3 sends.
 */
export async function listPartsOrAbort(store: Store, ctx: Context, target: ObjectName): Promise<void> {
  const uploadId = queryValue(ctx, 'uploadId') ?? '';
  const dir = uploadDir(store, target.bucket, uploadId);
  if (!dir || !(await isDirectory(dir))) {
    return answerError(ctx, 404, 'NoSuchUpload', 'The specified upload does not exist.');
  }
  if (ctx.method === 'DELETE') {
    await rm(dir, { recursive: true, force: true });
    ctx.status = 204;
    ctx.body = null;
    return;
  }
  const numbers = (await readdir(dir))
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
  const parts = await Promise.all(
    numbers.map(async (number) => {
      const file = path.join(dir, String(number));
      const [stats, md5] = await Promise.all([stat(file), readFile(`${file}.md5`, 'utf8').catch(() => '')]);
      return (
        `<Part><PartNumber>${number}</PartNumber><LastModified>${stats.mtime.toISOString()}</LastModified>` +
        `<ETag>"${md5.trim()}"</ETag><Size>${stats.size}</Size></Part>`
      );
    }),
  );
  answer(
    ctx,
    200,
    `<ListPartsResult xmlns="${S3_XMLNS}"><Bucket>${escape(target.bucket)}</Bucket>` +
      `<Key>${escape(target.key)}</Key><UploadId>${escape(uploadId)}</UploadId><PartNumberMarker>0</PartNumberMarker>` +
      `<NextPartNumberMarker>${numbers.at(-1) ?? 0}</NextPartNumberMarker><MaxParts>10000</MaxParts>` +
      `<IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`,
  );
}

/**
 * GET /bucket?uploads: the unfinished uploads under `prefix`, ordered by key and then upload id,
 * paged with key-marker/upload-id-marker like S3. Initiated is the mtime of the upload's `key`
 * file, written once when the upload starts (the directory's own mtime moves with every part).
 */
export async function listMultipartUploads(store: Store, ctx: Context, bucket: string): Promise<void> {
  if (!(await store.getBucket(bucket))) {
    return answerError(ctx, 404, 'NoSuchBucket', 'The specified bucket does not exist');
  }
  if (queryValue(ctx, 'delimiter')) return answerError(ctx, 501, 'NotImplemented', 'delimiter is not supported here');
  const prefix = queryValue(ctx, 'prefix') ?? '';
  const keyMarker = queryValue(ctx, 'key-marker') ?? '';
  const uploadIdMarker = queryValue(ctx, 'upload-id-marker') ?? '';
  const maxUploads = Math.min(1000, Math.max(1, Number(queryValue(ctx, 'max-uploads') ?? 1000) || 1000));
  const root = store.getResourcePath(bucket, undefined, 'uploads');
  const ids = await readdir(root).catch(() => []);
  const uploads = (await Promise.all(ids.map((uploadId) => readUpload(root, uploadId))))
    .filter((upload): upload is Upload => upload !== null && upload.key.startsWith(prefix))
    .filter(({ key, uploadId }) => key > keyMarker || (key === keyMarker && uploadId > uploadIdMarker))
    .sort((a, b) => compare(a.key, b.key) || compare(a.uploadId, b.uploadId));
  const page = uploads.slice(0, maxUploads);
  const truncated = uploads.length > page.length;
  const last = page.at(-1);
  const next = truncated && last ? `<NextKeyMarker>${escape(last.key)}</NextKeyMarker>` : '';
  const nextId = truncated && last ? `<NextUploadIdMarker>${escape(last.uploadId)}</NextUploadIdMarker>` : '';
  const items = page.map(
    (upload) =>
      `<Upload><Key>${escape(upload.key)}</Key><UploadId>${upload.uploadId}</UploadId>` +
      `<StorageClass>STANDARD</StorageClass><Initiated>${upload.initiated.toISOString()}</Initiated></Upload>`,
  );
  answer(
    ctx,
    200,
    `<ListMultipartUploadsResult xmlns="${S3_XMLNS}"><Bucket>${escape(bucket)}</Bucket>` +
      `<KeyMarker>${escape(keyMarker)}</KeyMarker><UploadIdMarker>${escape(uploadIdMarker)}</UploadIdMarker>` +
      `${next}${nextId}<Prefix>${escape(prefix)}</Prefix><MaxUploads>${maxUploads}</MaxUploads>` +
      `<IsTruncated>${truncated}</IsTruncated>${items.join('')}</ListMultipartUploadsResult>`,
  );
}

/** The upload's directory; null for an id s3rver cannot have made (it would name another path). */
export function uploadDir(store: Store, bucket: string, uploadId: string): string | null {
  return /^[0-9a-f]+$/.test(uploadId) ? path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId) : null;
}

interface Upload {
  key: string;
  uploadId: string;
  initiated: Date;
}

async function readUpload(root: string, uploadId: string): Promise<Upload | null> {
  const file = path.join(root, uploadId, 'key');
  try {
    const [key, stats] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { key, uploadId, initiated: stats.mtime };
  } catch {
    return null; // completed or aborted while listing, or not an upload
  }
}

/** By UTF-16 code unit, as `<` on strings; S3 orders by UTF-8 bytes, the same for these keys. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}
