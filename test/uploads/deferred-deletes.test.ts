import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startLocalS3, type RunningLocalS3 } from '../../src/dev/local-s3.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { MAX_DELETE_BATCH, type ObjectStorage } from '../../src/storage/object-storage.ts';
import { createS3Client } from '../../src/storage/s3-client.ts';
import { createS3ObjectStorage, type S3ObjectStorage } from '../../src/storage/s3-object-storage.ts';
import { createDeferredDeletes, type DeferredDeleteOptions } from '../../src/uploads/cleanup/deferred-deletes.ts';
import { freePort } from '../support/ports.ts';

// The deletes of confirmed tickets' staged uploads, gathered into DeleteObjects requests, against
// a real s3rver: what is sent when, what a slow store does to the queue, and a store that is down.
const BUCKET = 'uploads';
let dataDir: string;
let store: RunningLocalS3;
let client: S3Client;
let storage: S3ObjectStorage;
let keyNumber = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'upload-tickets-deferred-'));
  store = await startLocalS3({ dataDir, port: 0, bucket: BUCKET });
  client = createS3Client({
    region: 'us-east-1',
    endpoint: store.endpoint,
    forcePathStyle: true,
    credentials: store.credentials,
  });
  storage = createS3ObjectStorage(client, BUCKET);
});

afterAll(async () => {
  storage.close();
  client.destroy();
  await store.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Stores `count` staged objects and returns their keys. */
async function staged(count: number): Promise<string[]> {
  const keys = Array.from({ length: count }, () => `staging/avatar/test/${keyNumber++}.png`);
  for (const key of keys) await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' }));
  return keys;
}

async function present(keys: readonly string[]): Promise<string[]> {
  const heads = await Promise.all(keys.map((key) => storage.head(key)));
  return keys.filter((_, i) => heads[i] !== null);
}

/** Polls until `check` holds (fails the test after 10 s). */
async function eventually(check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await sleep(10);
  }
}

/**
 * The real adapter, recording what the queue asks of it; `hold` keeps each DeleteObjects waiting
 * until `release`; `refuse` has the DeleteObjects report these keys as not deleted (and leave them).
 */
function recorded(target: ObjectStorage = storage, refuse: readonly string[] = []) {
  const calls: string[] = [];
  let open = (): void => undefined;
  let gate: Promise<void> | undefined;
  return {
    calls,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => open(),
    storage: {
      delete: (key: string) => {
        calls.push('DeleteObject');
        return target.delete(key);
      },
      deleteMany: async (keys: readonly string[]) => {
        calls.push(`DeleteObjects(${keys.length})`);
        await gate;
        const result = await target.deleteMany(keys.filter((key) => !refuse.includes(key)));
        const refused = keys.filter((key) => refuse.includes(key)).map((key) => ({ key, reason: 'AccessDenied' }));
        return { failed: [...result.failed, ...refused] };
      },
    },
  };
}

function queue(
  spy: ReturnType<typeof recorded>,
  options: DeferredDeleteOptions = {},
  mark: (ids: string[]) => Promise<void> = () => Promise.resolve(),
) {
  const lines: string[] = [];
  const marked: string[][] = [];
  const logger = createLogger('warn', { write: (line: string) => void lines.push(line) });
  const markFilesDeleted = (ids: string[]) => {
    marked.push(ids);
    return mark(ids);
  };
  const deletes = createDeferredDeletes(
    { storage: spy.storage, logger, markFilesDeleted },
    { gatherMs: 100, ...options },
  );
  return { deletes, lines, marked, add: (keys: readonly string[]) => inOrder(keys, (key) => deletes.add({ key })) };
}

/** A queue allowed one batch in flight, with a batch of 5 keys sent and held by the store. */
async function oneBatchHeld() {
  const spy = recorded();
  spy.hold();
  const { deletes, add } = queue(spy, { gatherMs: 10, maxBatchesInFlight: 1 });
  const first = await staged(5);
  await add(first);
  await eventually(() => spy.calls.length > 0);
  return { spy, deletes, first };
}

async function inOrder(keys: readonly string[], each: (key: string) => Promise<void>): Promise<void> {
  for (const key of keys) await each(key);
}

describe('deferred deletes of staged uploads', () => {
  it('sends the keys of one moment as one DeleteObjects, after the moment, and deletes them', async () => {
    const spy = recorded();
    const { deletes, add } = queue(spy, { gatherMs: 1_500 });
    const keys = await staged(8);
    const added = Date.now();
    await add(keys);
    expect(spy.calls).toEqual([]);
    expect(await present(keys)).toEqual(keys);
    await eventually(async () => (await present(keys)).length === 0);
    expect(Date.now() - added).toBeGreaterThanOrEqual(1_400);
    expect(spy.calls).toEqual(['DeleteObjects(8)']);
    await deletes.close();
  });

  it('marks only the files whose objects the store deleted, and logs the rest in one line', async () => {
    const keys = await staged(6);
    const spy = recorded(storage, [keys[1]!, keys[4]!]);
    const { deletes, marked, lines } = queue(spy);
    for (const [i, key] of keys.entries()) await deletes.add({ key, fileId: `file-${i}` });
    await deletes.close();
    expect(marked).toEqual([['file-0', 'file-2', 'file-3', 'file-5']]);
    expect(await present(keys)).toEqual([keys[1], keys[4]]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ failed: 2, keys: 6, msg: expect.stringMatching(/sweeper/) });
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('database down'))],
    [
      'throws at once',
      () => {
        throw new Error('database down');
      },
    ],
  ])('a mark that %s is logged; nothing throws, and the objects are gone all the same', async (_how, mark) => {
    const spy = recorded();
    const { deletes, lines } = queue(spy, {}, mark);
    const keys = await staged(5);
    for (const [i, key] of keys.entries()) await deletes.add({ key, fileId: `file-${i}` });
    await deletes.close();
    expect(await present(keys)).toEqual([]);
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      expect.stringMatching(/not marked; the sweeper will delete them again/),
    ]);
  });

  it('after close(), an object is sent at once, not queued', async () => {
    const spy = recorded();
    const { deletes } = queue(spy, { gatherMs: 60_000 });
    await deletes.close();
    const [key] = await staged(1);
    await deletes.add({ key: key! });
    await eventually(async () => (await present([key!])).length === 0);
    await deletes.close();
  });

  it('close() also sends what confirms waiting for a batch add after it, and only then resolves', async () => {
    const { spy, deletes, first } = await oneBatchHeld();
    const waiting = await staged(3);
    const adds = Promise.all(waiting.map((key) => deletes.add({ key })));
    const closed = deletes.close();
    await sleep(50);
    spy.release();
    await closed;
    await adds;
    expect(await present([...first, ...waiting])).toEqual([]);
  });

  it.each([
    ['one DeleteObjects', 6],
    ['plain DELETEs', 2],
  ])(
    'marks the files whose objects it deleted, in one call per batch (%s), and nothing for staged uploads',
    async (_how, count) => {
      const spy = recorded();
      const { deletes, marked } = queue(spy);
      const [stagedKey, ...fileKeys] = await staged(count + 1);
      await deletes.add({ key: stagedKey! });
      for (const [i, key] of fileKeys.entries()) await deletes.add({ key, fileId: `file-${i}` });
      await deletes.close();
      expect(await present([stagedKey!, ...fileKeys])).toEqual([]);
      expect(marked).toEqual([fileKeys.map((_, i) => `file-${i}`)]);
    },
  );

  it('sends a few keys as plain DELETEs, cheaper than one DeleteObjects', async () => {
    const spy = recorded();
    const { deletes, add } = queue(spy);
    const keys = await staged(3);
    await add(keys);
    await deletes.close();
    expect(spy.calls).toEqual(['DeleteObject', 'DeleteObject', 'DeleteObject']);
    expect(await present(keys)).toEqual([]);
  });

  it(`sends ${MAX_DELETE_BATCH} keys at once, without waiting for the moment to pass`, async () => {
    const spy = recorded();
    const { deletes, add } = queue(spy, { gatherMs: 60_000 });
    const keys = await staged(MAX_DELETE_BATCH + 1);
    await add(keys);
    expect(spy.calls).toEqual([`DeleteObjects(${MAX_DELETE_BATCH})`]);
    await deletes.close();
    expect(spy.calls).toEqual([`DeleteObjects(${MAX_DELETE_BATCH})`, 'DeleteObject']);
    expect(await present(keys)).toEqual([]);
  }, 60_000);

  it('close() sends what is queued at once and resolves when it is deleted', async () => {
    const spy = recorded();
    const { deletes, add } = queue(spy, { gatherMs: 60_000 });
    const keys = await staged(6);
    await add(keys);
    const started = Date.now();
    await deletes.close();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await present(keys)).toEqual([]);
  });

  it('with as many batches in flight as allowed, add() waits until one is done: a slow store bounds the queue', async () => {
    const { spy, deletes, first } = await oneBatchHeld();
    expect(spy.calls).toEqual(['DeleteObjects(5)']);

    const [late] = await staged(1);
    let added = false;
    const adding = deletes.add({ key: late! }).then(() => (added = true));
    await sleep(200);
    expect(added).toBe(false);
    spy.release();
    await adding;
    await deletes.close();
    expect(await present([...first, late!])).toEqual([]);
  });

  it.each([
    ['DELETEs', 2],
    ['a DeleteObjects', 7],
  ])('a store that is down: %s fail, the failure is logged, nothing throws', async (_how, count) => {
    const down = await freePort();
    const deadClient = createS3Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${down}`,
      forcePathStyle: true,
      credentials: store.credentials,
      timeoutMs: 1_000,
    });
    const deadStorage = createS3ObjectStorage(deadClient, BUCKET, { timeoutMs: 1_000 });
    try {
      const { deletes, lines, marked } = queue(recorded(deadStorage));
      for (let i = 0; i < count; i++)
        await deletes.add({ key: `files/avatar/test/gone-${i}.png`, fileId: `file-${i}` });
      await deletes.close();
      // Nothing was deleted, so no file is marked: the sweeper's pass over detached files will find them.
      expect(marked).toEqual([]);
      const warnings = lines.map((line) => JSON.parse(line) as { msg: string });
      expect(warnings.length).toBeGreaterThan(0);
      for (const warning of warnings) expect(warning.msg).toMatch(/the sweeper will delete it/);
      // The store's own words are kept (here: the connection refused), not just "unavailable".
      expect(lines.join('')).toMatch(/ECONNREFUSED|connect/);
      expect(lines.join('')).not.toContain(store.credentials.secretAccessKey);
    } finally {
      deadStorage.close();
      deadClient.destroy();
    }
  });
});
