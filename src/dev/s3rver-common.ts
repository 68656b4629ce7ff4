/**
 * What the s3rver extensions share: the parts of s3rver's store and of Koa's context they use,
 * and S3's XML answers. s3rver keeps an object as `<bucket>/<dirs>/<name>._S3rver_object` with
 * `….md5` and `….metadata.json` beside it, and an unfinished upload as
 * `<bucket>/._S3rver_uploads/<uploadId>/` holding `key`, `metadata` and `<partNumber>` + `.md5`.
 */
export interface Store {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  /** Throws (ENOENT) when there is no such object; `etag` is the quoted MD5. */
  getMetadata(bucket: string, key: string): Promise<Record<string, string | number | undefined>>;
  getBucket(bucket: string): Promise<object | null>;
}

export interface Context {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}

export interface ObjectName {
  bucket: string;
  key: string;
}

/** The bucket and (decoded) key of a path-style request; the key is '' for the bucket itself. */
export function requestTarget(ctx: Context): { bucket: string; key: string } | null {
  const [, bucket, ...keyParts] = ctx.path.split('/');
  if (!bucket) return null;
  try {
    return { bucket, key: decodeURIComponent(keyParts.join('/')) };
  } catch {
    return null;
  }
}

export function header(ctx: Context, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function queryValue(ctx: Context, name: string): string | undefined {
  const value = ctx.query[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `[/]bucket/key`, percent-encoded, as x-amz-copy-source carries it (a `?versionId` is ignored).
 * Strict on purpose: a raw `+` is read as a space, as form decoding does, so a sender that does
 * not encode `+` as %2B fails here rather than on a store that decodes it that way.
 */
export function parseCopySource(value: string | undefined): ObjectName | null {
  if (value === undefined) return null;
  const raw = (value.split('?')[0] ?? '').replace(/^\//, '').replaceAll('+', ' ');
  const slash = raw.indexOf('/');
  if (slash <= 0 || slash === raw.length - 1) return null;
  try {
    return { bucket: decodeURIComponent(raw.slice(0, slash)), key: decodeURIComponent(raw.slice(slash + 1)) };
  } catch {
    return null;
  }
}

/** The object's metadata, or null when there is none (s3rver's getMetadata throws then). */
export async function metadataOf(store: Store, name: ObjectName) {
  try {
    return await store.getMetadata(name.bucket, name.key);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/** An If-Match value (`*`, or ETags, quoted or not, separated by commas) against a quoted ETag. */
export function etagMatches(ifMatch: string, etag: unknown): boolean {
  const unquote = (text: string) => text.trim().replace(/^"|"$/g, '');
  return ifMatch
    .split(',')
    .some((candidate) => candidate.trim() === '*' || unquote(candidate) === unquote(String(etag)));
}

export function answer(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

export function answerError(ctx: Context, status: number, code: string, message: string, detail = ''): void {
  answer(ctx, status, `<Error><Code>${code}</Code><Message>${escape(message)}</Message>${detail}</Error>`);
}

export const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
