import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, renameSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * s3rver streams an upload straight into the object's file, then writes its MD5 and metadata:
 * a HEAD or GET during an upload sees a torn object (part of the new bytes, the old ETag). S3
 * never shows that: a reader sees the old object until the new one is whole. This makes s3rver's
 * writes do the same, so tests that race uploads against confirms see S3's behaviour: the upload
 * goes to a key of its own, and its three files are renamed into place in one synchronous step
 * (no other request's code runs in between). Development and tests only.
 *
 * The write is done here rather than by s3rver's own putObject: that one reports the upload done
 * when the bytes have passed its hashing stream, not when the file holds them (its write stream
 * may not even have opened the file yet). Renaming after it, on a loaded machine, moved a file that
 * did not exist yet (a 500) or left the late write at the upload's own key.
 */
interface WritableStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

interface StoredObject {
  bucket: string;
  key: string;
  content: Buffer | NodeJS.ReadableStream;
  metadata: unknown;
}

const RESOURCES = ['metadata.json', 'object.md5', 'object'] as const;

export function makeWritesAtomic(store: WritableStore): void {
  store.putObject = async (object) => {
    const stagedKey = `${object.key}.s3rver-upload-${randomUUID()}`;
    const pathOf = (key: string, resource: string) => store.getResourcePath(object.bucket, key, resource);
    try {
      const written = await writeObject(object.content, pathOf(stagedKey, 'object'));
      await store.putMetadata(object.bucket, stagedKey, object.metadata, written.md5);
      for (const resource of RESOURCES) renameSync(pathOf(stagedKey, resource), pathOf(object.key, resource));
      return written;
    } catch (error) {
      // An upload cut off half-way leaves nothing behind, as on S3.
      await Promise.all(RESOURCES.map((resource) => rm(pathOf(stagedKey, resource), { force: true })));
      throw error;
    }
  };
  store.deleteObject = (bucket, key) => deleteKeepingDirectories(store, bucket, key);
}

/**
 * s3rver's own delete also removes the key's directories once they look empty: a readdir, then an
 * rmdir, with other requests running in between. An upload or a copy into the same directory
 * (the next attachment of a post) then lost its directory between its mkdir and its open (a 500
 * for the upload), and two deletes in one DeleteObjects raced for the same rmdir (a 500 for the
 * batch). S3 has no directories to remove, so here they stay.
 */
async function deleteKeepingDirectories(store: WritableStore, bucket: string, key: string): Promise<void> {
  await Promise.all(RESOURCES.map((resource) => rm(store.getResourcePath(bucket, key, resource), { force: true })));
}

/** Writes the bytes to `file`; resolves once the file holds all of them. */
async function writeObject(content: StoredObject['content'], file: string): Promise<{ size: number; md5: string }> {
  await mkdir(path.dirname(file), { recursive: true });
  const md5 = createHash('md5');
  let size = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  const source = Buffer.isBuffer(content) ? Readable.from([content]) : content;
  await pipeline(source, counting, createWriteStream(file));
  return { size, md5: md5.digest('hex') };
}
