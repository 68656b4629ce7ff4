import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * s3rver implements multipart uploads except ListParts and AbortMultipartUpload, which resuming
 * and aborting uploads need. This middleware adds the two, on s3rver's own on-disk layout
 * (`<bucket>/.../uploads/<uploadId>/<partNumber>` with `<partNumber>.md5`), answering with
 * the XML S3 sends. Development and tests only: the real stores have both.
 */
interface Store {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
}

interface Context {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}

export function multipartExtensions(store: Store) {
  return async (ctx: Context, next: () => Promise<unknown>): Promise<unknown> => {
    const uploadId = ctx.query['uploadId'];
    const [, bucket, ...keyParts] = ctx.path.split('/');
    const handles =
      typeof uploadId === 'string' && bucket && keyParts.length > 0 && ctx.query['partNumber'] === undefined;
    if (!handles || (ctx.method !== 'GET' && ctx.method !== 'DELETE')) return next();
    const key = decodeURIComponent(keyParts.join('/'));
    const dir = path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    const exists = await stat(dir).then(
      (stats) => stats.isDirectory(),
      () => false,
    );
    ctx.type = 'application/xml';
    if (!exists) {
      ctx.status = 404;
      ctx.body = xml(`<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>`);
      return;
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
    ctx.status = 200;
    ctx.body = xml(
      `<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${escape(bucket)}</Bucket>` +
        `<Key>${escape(key)}</Key><UploadId>${escape(uploadId)}</UploadId><PartNumberMarker>0</PartNumberMarker>` +
        `<NextPartNumberMarker>${numbers.at(-1) ?? 0}</NextPartNumberMarker><MaxParts>10000</MaxParts>` +
        `<IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`,
    );
  };
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
