// The sweeper's pass by age over staging/: 10,000 staged objects that no ticket can still use and
// 100 younger ones, then one sweep at a `now` that puts the age cutoff between the two groups.
// Seeding and checks go to the store past the counting proxy; only the sweep is counted.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectStorage } from '../../../src/storage/object-storage.ts';
import { createS3ObjectStorage } from '../../../src/storage/s3-object-storage.ts';
import { STAGING_PREFIX } from '../../../src/uploads/storage-keys.ts';
import { BUCKET } from '../harness/stack.ts';
import { inPool } from '../harness/pool.ts';
import type { Sample } from './sample.ts';

export const STAGING_SEED = { old: 10_000, young: 100 };
/**
 * Staged keys are per user (staging/<purpose>/<user>/…): 100 users' directories, each with 100 old
 * objects and one young one. (The local store keeps a directory per key prefix and scans it on
 * every delete: 10,000 objects in one directory would make its deletes, not the sweep, the cost.)
 */
const USERS = STAGING_SEED.young;
/** s3rver's LastModified has whole seconds: the young objects are written this long after the old. */
export const GAP_MS = 2_500;
const OBJECT = new Uint8Array(1024).fill(7);

type Group = 'old' | 'young';

/**
 * Seeds, sweeps once (`sweepAt`, in the sweeper's process) and throws unless every old object is
 * gone and every young one is still there; then removes the young ones, unmeasured.
 */
export async function sweepStagingByAge(
  uncounted: S3Client,
  round: number,
  stagingAgeSeconds: number,
  sweepAt: (now: Date) => Promise<Sample>,
): Promise<Sample> {
  const storage = createS3ObjectStorage(uncounted, BUCKET);
  const keys = (group: Group) =>
    Array.from(
      { length: STAGING_SEED[group] },
      (_, i) => `${STAGING_PREFIX}avatars/r${round}-u${i % USERS}/${group}-${i + 1}.png`,
    );
  const cutoff = await seed(uncounted, storage, keys);
  const sample = await sweepAt(new Date(cutoff + stagingAgeSeconds * 1000));

  const left = await listStaging(storage);
  const oldLeft = keys('old').filter((key) => left.has(key)).length;
  const youngKept = keys('young').filter((key) => left.has(key)).length;
  if (oldLeft !== 0 || youngKept !== STAGING_SEED.young || left.size !== youngKept) {
    throw new Error(`staging sweep left ${oldLeft} old and ${youngKept} young objects (${left.size} in all)`);
  }
  if (sample.report.deletedObjects !== STAGING_SEED.old || sample.report.failedObjects) {
    throw new Error(`staging sweep reported ${JSON.stringify(sample.report)}`);
  }
  // One at a time: the local store's concurrent deletes race to remove a directory they empty.
  await inPool(keys('young'), 1, (key) => storage.delete(key));
  return sample;
}

/** PUTs the old objects, then the young ones; resolves with a time between their LastModified. */
async function seed(uncounted: S3Client, storage: ObjectStorage, keys: (group: Group) => string[]): Promise<number> {
  const put = (key: string) => uncounted.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: OBJECT }));
  if ((await listStaging(storage)).size !== 0)
    throw new Error(`${STAGING_PREFIX} is not empty before the staging sweep`);
  await inPool(keys('old'), 32, put);
  await sleep(GAP_MS);
  await inPool(keys('young'), 32, put);

  const seeded = await listStaging(storage);
  const times = (group: Group) => keys(group).map((key) => seeded.get(key)?.getTime() ?? NaN);
  const [newestOld, oldestYoung] = [Math.max(...times('old')), Math.min(...times('young'))];
  if (seeded.size !== STAGING_SEED.old + STAGING_SEED.young || !(newestOld < oldestYoung)) {
    throw new Error(`staging seed: ${seeded.size} objects, newest old ${newestOld}, oldest young ${oldestYoung}`);
  }
  return (newestOld + oldestYoung) / 2;
}

/** Every object under staging/, with its LastModified. */
async function listStaging(storage: ObjectStorage): Promise<Map<string, Date>> {
  const listed = new Map<string, Date>();
  for await (const page of storage.listObjects(STAGING_PREFIX)) for (const o of page) listed.set(o.key, o.lastModified);
  return listed;
}
