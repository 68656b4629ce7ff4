import { randomUUID } from 'node:crypto';
import { renameSync } from 'node:fs';

/**
 * s3rver streams an upload straight into the object's file, then writes its MD5 and metadata:
 * a HEAD or GET during an upload sees a torn object (part of the new bytes, the old ETag). S3
 * never shows that: a reader sees the old object until the new one is whole. This makes s3rver's
 * writes do the same, so tests that race uploads against confirms see S3's behaviour: the upload
 * goes to a key of its own, and its three files are renamed into place in one synchronous step
 * (no other request's code runs in between). Development and tests only.
 */
interface WritableStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putObject(object: { bucket: string; key: string }): Promise<unknown>;
}

const RESOURCES = ['metadata.json', 'object.md5', 'object'] as const;

export function makeWritesAtomic(store: WritableStore): void {
  const putObject = store.putObject.bind(store);
  store.putObject = async (object) => {
    const staged = { ...object, key: `${object.key}.s3rver-upload-${randomUUID()}` };
    const result = await putObject(staged);
    for (const resource of RESOURCES) {
      renameSync(
        store.getResourcePath(object.bucket, staged.key, resource),
        store.getResourcePath(object.bucket, object.key, resource),
      );
    }
    return result;
  };
}
