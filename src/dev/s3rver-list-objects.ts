import { readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  answer,
  answerError,
  escape,
  metadataOf,
  queryValue,
  S3_XMLNS,
  type Context,
  type Store,
} from './s3rver-common.ts';

const OBJECT_SUFFIX = '._S3rver_object';
const UPLOADS_DIR = '._S3rver_uploads';

/**
 * ListObjectsV2 (GET /bucket?list-type=2, without a delimiter), in place of s3rver's, which
 * pages wrongly twice over: its continuation token is DES-encrypted, which Node 17 and later no
 * longer offer (every truncated page is a 500), and it pages in directory order, not key order
 * (`a-b` sorts before `a/…` as a key, after the directory `a` on disk), so a page's last key does
 * not mark where the next page starts. Here keys are sorted as S3 sorts them (UTF-8 bytes) and
 * the token is the last key listed.
 */
export async function listObjectsV2(store: Store, ctx: Context, bucket: string): Promise<void> {
  if (!(await store.getBucket(bucket))) {
    return answerError(ctx, 404, 'NoSuchBucket', 'The specified bucket does not exist');
  }
  const prefix = queryValue(ctx, 'prefix') ?? '';
  const token = queryValue(ctx, 'continuation-token');
  const startAfter = token === undefined ? (queryValue(ctx, 'start-after') ?? '') : fromToken(token);
  if (startAfter === null) {
    return answerError(ctx, 400, 'InvalidArgument', 'The continuation token provided is incorrect');
  }
  const maxKeys = Math.min(1000, Math.max(0, Number(queryValue(ctx, 'max-keys') ?? 1000) || 0));
  const bucketDir = path.dirname(store.getResourcePath(bucket, 'x', 'object'));
  const after = Buffer.from(startAfter);
  const keys = (await keysUnder(bucketDir, '', prefix))
    .map((key) => ({ key, bytes: Buffer.from(key) }))
    .filter(({ key, bytes }) => key.startsWith(prefix) && Buffer.compare(bytes, after) > 0)
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ key }) => key);
  const contents: string[] = [];
  let next = 0; // the first key not looked at yet
  while (next < keys.length && contents.length < maxKeys) {
    // A batch at a time: each object's metadata is two small files to read.
    const batch = keys.slice(next, next + Math.min(100, maxKeys - contents.length));
    next += batch.length;
    const found = await Promise.all(
      batch.map(async (key) => ({ key, metadata: await metadataOf(store, { bucket, key }) })),
    );
    for (const { key, metadata } of found) {
      if (!metadata) continue; // deleted since the walk
      contents.push(
        `<Contents><Key>${escape(key)}</Key><LastModified>${new Date(String(metadata['last-modified'])).toISOString()}` +
          `</LastModified><ETag>${escape(String(metadata['etag']))}</ETag><Size>${metadata['content-length']}</Size>` +
          `<StorageClass>STANDARD</StorageClass></Contents>`,
      );
    }
  }
  const last = keys[next - 1];
  const truncated = next < keys.length && last !== undefined;
  answer(
    ctx,
    200,
    `<ListBucketResult xmlns="${S3_XMLNS}"><Name>${escape(bucket)}</Name><Prefix>${escape(prefix)}</Prefix>` +
      (token === undefined ? '' : `<ContinuationToken>${escape(token)}</ContinuationToken>`) +
      (truncated ? `<NextContinuationToken>${toToken(last)}</NextContinuationToken>` : '') +
      `<KeyCount>${contents.length}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
      `${contents.join('')}</ListBucketResult>`,
  );
}

/** Every key below `dir`, entering only directories that can hold keys with the prefix. */
async function keysUnder(dir: string, keyPrefix: string, prefix: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const keys = await Promise.all(
    entries.map(async (entry): Promise<string[]> => {
      if (entry.isDirectory()) {
        const below = `${keyPrefix}${entry.name}/`;
        const useful = entry.name !== UPLOADS_DIR && (below.startsWith(prefix) || prefix.startsWith(below));
        return useful ? keysUnder(path.join(dir, entry.name), below, prefix) : [];
      }
      return entry.name.endsWith(OBJECT_SUFFIX) ? [keyPrefix + entry.name.slice(0, -OBJECT_SUFFIX.length)] : [];
    }),
  );
  return keys.flat();
}

const toToken = (key: string) => Buffer.from(key).toString('base64url');

function fromToken(token: string): string | null {
  const key = Buffer.from(token, 'base64url').toString();
  return toToken(key) === token ? key : null;
}
