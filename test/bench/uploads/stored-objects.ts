// Checks, from the benchmark's side, that an upload really happened: the bytes are in the store
// (size, and for the large run their SHA-256) and the file is linked to its post in the database.
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { s3ClientFor } from '../harness/s3-clients.ts';
import { BUCKET, type BenchStack } from '../harness/stack.ts';

export interface StoredObjects {
  expectSize(key: string, byteSize: number): Promise<void>;
  sha256(key: string): Promise<string>;
  remove(key: string): Promise<void>;
  expectAttached(fileId: string, postId: string): Promise<void>;
}

/** The checks, with a client of the store and a connection to the database that close with the stack. */
export function storedObjects(stack: BenchStack): StoredObjects {
  const s3 = s3ClientFor(stack.s3.info);
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  const connected = db.connect();
  stack.onStop(async () => {
    s3.destroy();
    await connected;
    await db.end();
  });
  return {
    async expectSize(key, byteSize) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      if (head.ContentLength !== byteSize)
        throw new Error(`${key}: stored ${head.ContentLength} bytes, sent ${byteSize}`);
    },
    async sha256(key) {
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      const hash = createHash('sha256');
      for await (const chunk of object.Body as Readable) hash.update(chunk as Buffer);
      return hash.digest('hex');
    },
    async remove(key) {
      // The benchmark's objects add up to gigabytes: each goes once it has been checked.
      await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    },
    async expectAttached(fileId, postId) {
      await connected;
      const { rowCount } = await db.query(
        'SELECT 1 FROM "PostAttachment" a JOIN "File" f ON f.id = a."fileId" WHERE f.id = $1 AND a."postId" = $2',
        [fileId, postId],
      );
      if (rowCount !== 1) throw new Error(`file ${fileId} is not attached to post ${postId}`);
    },
  };
}
