import { checkCopyObject, sourceVanished, uploadPartCopy } from './s3rver-copy.ts';
import { header, queryValue, requestTarget, type Context, type Store } from './s3rver-common.ts';
import { listObjectsV2 } from './s3rver-list-objects.ts';
import { listMultipartUploads, listPartsOrAbort } from './s3rver-multipart.ts';

export type { Store } from './s3rver-common.ts';

/**
 * What s3rver lacks or gets wrong that the service uses, as one Koa middleware installed ahead of
 * s3rver's router (dev/local-s3.ts): ListParts, AbortMultipartUpload, ListMultipartUploads,
 * UploadPartCopy, CopyObject's x-amz-copy-source-if-match, and ListObjectsV2's pages. Path-style requests only, which is
 * how the service talks to it. Development and tests only: the real stores have all of these.
 */
export function s3rverExtensions(store: Store) {
  return async (ctx: Context, next: () => Promise<unknown>): Promise<unknown> => {
    const target = requestTarget(ctx);
    if (!target) return next();
    const uploadId = queryValue(ctx, 'uploadId');
    const partNumber = queryValue(ctx, 'partNumber');
    if (target.key === '') {
      if (ctx.method !== 'GET') return next();
      if ('uploads' in ctx.query) return listMultipartUploads(store, ctx, target.bucket);
      const listV2 = queryValue(ctx, 'list-type') === '2' && !queryValue(ctx, 'delimiter');
      return listV2 && !queryMethod(ctx) ? listObjectsV2(store, ctx, target.bucket) : next();
    }
    if (ctx.method === 'PUT' && header(ctx, 'x-amz-copy-source') !== undefined) {
      if (uploadId !== undefined && partNumber !== undefined) return uploadPartCopy(store, ctx, target);
      if (uploadId === undefined && (await checkCopyObject(store, ctx, target))) return;
      return next().catch((error: unknown) => sourceVanished(ctx, error));
    }
    if (uploadId !== undefined && partNumber === undefined && (ctx.method === 'GET' || ctx.method === 'DELETE')) {
      return listPartsOrAbort(store, ctx, target);
    }
    return next();
  };
}

/** A bucket GET with a sub-resource (?cors, ?location, …) is not a listing. */
const queryMethod = (ctx: Context) => Object.keys(ctx.query).some((name) => !LISTING_PARAMETERS.has(name));

const LISTING_PARAMETERS = new Set([
  'list-type',
  'prefix',
  'continuation-token',
  'start-after',
  'max-keys',
  'encoding-type',
  'fetch-owner',
  'x-id',
]);
