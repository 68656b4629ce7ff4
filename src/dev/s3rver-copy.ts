import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  answer,
  answerError,
  escape,
  etagMatches,
  header,
  metadataOf,
  parseCopySource,
  queryValue,
  S3_XMLNS,
  type Context,
  type ObjectName,
  type Store,
} from './s3rver-common.ts';

const PRECONDITION_FAILED = 'At least one of the pre-conditions you specified did not hold';

/**
 * Before s3rver's own CopyObject: checks x-amz-copy-source-if-match, which s3rver ignores, and
 * hands s3rver the source in a form it decodes right. Answers (and returns true) only when the
 * copy must not happen; otherwise s3rver copies.
 */
export async function checkCopyObject(store: Store, ctx: Context, destination: ObjectName): Promise<boolean> {
  const source = parseCopySource(header(ctx, 'x-amz-copy-source'));
  if (!source) return false; // s3rver answers a malformed source itself
  const ifMatch = header(ctx, 'x-amz-copy-source-if-match');
  if (ifMatch !== undefined) {
    const metadata = await metadataOf(store, source);
    if (!metadata) return noSuchKey(ctx, source.key);
    if (!etagMatches(ifMatch, metadata['etag'])) return preconditionFailed(ctx);
  }
  // With REPLACE, s3rver writes new metadata but no `.md5`: a copy over an existing object would
  // keep the old object's ETag. Without the file, s3rver computes it from the copied bytes.
  const replaces = header(ctx, 'x-amz-metadata-directive') === 'REPLACE';
  const sameObject = source.bucket === destination.bucket && source.key === destination.key;
  if (replaces && !sameObject) {
    await rm(store.getResourcePath(destination.bucket, destination.key, 'object.md5'), { force: true });
  }
  // s3rver reads the header with decodeURI, which leaves %2B, %23, %24, %26, %2C, %3A, %3B, %3D,
  // %3F and %40 encoded (a key with `+` would not be found); encodeURI's form decodes back exactly.
  ctx.headers['x-amz-copy-source'] = encodeURI(`${source.bucket}/${source.key}`);
  return false;
}

/**
 * UploadPartCopy, which s3rver refuses (NotImplemented): the source's bytes (or the range asked
 * for) become the part, written with its `.md5` as s3rver's own UploadPart writes them. The
 * If-Match check and the read are not atomic: a source replaced during the read may give mixed
 * bytes (development only).
 */
export async function uploadPartCopy(store: Store, ctx: Context, destination: ObjectName): Promise<void> {
  const uploadId = queryValue(ctx, 'uploadId') ?? '';
  const partNumber = Number(queryValue(ctx, 'partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > 10_000) {
    return answerError(ctx, 400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
  }
  const source = parseCopySource(header(ctx, 'x-amz-copy-source'));
  if (!source) return answerError(ctx, 400, 'InvalidArgument', 'Copy Source must mention the source bucket and key');
  const uploadDir = path.join(store.getResourcePath(destination.bucket, undefined, 'uploads'), uploadId);
  const uploadExists = /^[0-9a-f]+$/.test(uploadId) && (await isDirectory(uploadDir));
  if (!uploadExists) return answerError(ctx, 404, 'NoSuchUpload', 'The specified upload does not exist.');
  const metadata = await metadataOf(store, source);
  if (!metadata) return void noSuchKey(ctx, source.key);
  const ifMatch = header(ctx, 'x-amz-copy-source-if-match');
  if (ifMatch !== undefined && !etagMatches(ifMatch, metadata['etag'])) return void preconditionFailed(ctx);
  const size = Number(metadata['content-length']);
  const range = byteRange(header(ctx, 'x-amz-copy-source-range'), size);
  if (!range) {
    return answerError(ctx, 400, 'InvalidArgument', `Range specified is not valid for source object of size: ${size}`);
  }
  const partFile = path.join(uploadDir, String(partNumber));
  const md5 = createHash('md5');
  try {
    await pipeline(
      createReadStream(store.getResourcePath(source.bucket, source.key, 'object'), range),
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          md5.update(chunk);
          callback(null, chunk);
        },
      }),
      createWriteStream(partFile),
    );
  } catch (error) {
    await rm(partFile, { force: true });
    return sourceVanished(ctx, error);
  }
  const etag = md5.digest('hex');
  await writeFile(`${partFile}.md5`, etag);
  const lastModified = (await stat(partFile)).mtime.toISOString();
  answer(
    ctx,
    200,
    `<CopyPartResult xmlns="${S3_XMLNS}"><LastModified>${lastModified}</LastModified>` +
      `<ETag>${escape(`"${etag}"`)}</ETag></CopyPartResult>`,
  );
}

/**
 * S3 copies atomically: a source deleted during the copy is a 404. s3rver fails with the file
 * system's ENOENT instead (a 500); concurrent confirms of one upload, whose winner deletes the
 * staged object, meet this.
 */
export function sourceVanished(ctx: Context, error: unknown): void {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') throw error;
  answerError(ctx, 404, 'NoSuchKey', 'The specified key does not exist.');
}

/** `bytes=first-last` within the object, or the whole object when no range is given. */
function byteRange(value: string | undefined, size: number): { start: number; end?: number } | null {
  if (value === undefined) return size === 0 ? { start: 0 } : { start: 0, end: size - 1 };
  const match = /^bytes=(\d+)-(\d+)$/.exec(value.trim());
  if (!match) return null;
  const [start, end] = [Number(match[1]), Number(match[2])];
  return start <= end && end < size ? { start, end } : null;
}

function noSuchKey(ctx: Context, key: string): true {
  answerError(ctx, 404, 'NoSuchKey', 'The specified key does not exist.', `<Key>${escape(key)}</Key>`);
  return true;
}

function preconditionFailed(ctx: Context): true {
  answerError(ctx, 412, 'PreconditionFailed', PRECONDITION_FAILED, '<Condition>x-amz-copy-source-If-Match</Condition>');
  return true;
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}
