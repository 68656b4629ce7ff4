import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startLocalS3, type RunningLocalS3 } from '../../src/dev/local-s3.ts';
import { StorageUnavailableError, type CopyRequest, type ObjectStorage } from '../../src/storage/object-storage.ts';
import { createS3Client } from '../../src/storage/s3-client.ts';
import { partSize } from '../../src/storage/s3-copy.ts';
import { createS3ObjectStorage } from '../../src/storage/s3-object-storage.ts';
import { freePort } from '../support/ports.ts';

// The adapter against a real s3rver (with the extensions dev/local-s3.ts installs): copies pinned
// to an ETag, in one request and in parts, and the paged listings.
const MiB = 1024 * 1024;
const BUCKET = 'uploads';
let dataDir: string;
let store: RunningLocalS3;
const clients: S3Client[] = [];
/** The adapter with its defaults, and its client for setting things up. */
let client: S3Client;
let storage: ObjectStorage;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'upload-tickets-storage-'));
  store = await startLocalS3({ dataDir, port: 0, bucket: BUCKET });
  ({ client, storage } = adapter());
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await store.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** A client and the adapter over it; `sent` records each command as the client sends it. */
function adapter(options?: Parameters<typeof createS3ObjectStorage>[2], endpoint = store.endpoint) {
  const client = createS3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: store.credentials,
    timeoutMs: 20_000,
  });
  clients.push(client);
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      sent.push(context.commandName ?? '?');
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  return { client, storage: createS3ObjectStorage(client, BUCKET, options), sent };
}

async function put(
  key: string,
  body: Uint8Array,
  extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {},
) {
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ...extra }));
}

async function get(key: string) {
  const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { ...object, bytes: Buffer.from(await object.Body!.transformToByteArray()) };
}

async function etagOf(key: string): Promise<string> {
  const head = await storage.head(key);
  if (!head?.etag) throw new Error(`no ETag for ${key}`);
  return head.etag;
}

const md5 = (bytes: Uint8Array) => `"${createHash('md5').update(bytes).digest('hex')}"`;

function request(sourceKey: string, destinationKey: string, ifMatch: string, byteSize: number): CopyRequest {
  return { sourceKey, destinationKey, ifMatch, byteSize, contentType: 'image/png', withChecksumSha256: false };
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

/** The unfinished uploads under a prefix, through the adapter. */
const uploadsUnder = async (prefix: string) => (await collect(storage.listMultipartUploads(prefix))).flat();
/** Keys of the uploads in s3rver's own directory of unfinished ones: a check not through the extensions. */
async function unfinishedOnDisk(): Promise<string[]> {
  const root = path.join(dataDir, BUCKET, '._S3rver_uploads');
  const ids = await readdir(root).catch(() => []);
  return Promise.all(ids.map((id) => readFile(path.join(root, id, 'key'), 'utf8')));
}

describe('copy (CopyObject)', () => {
  // Keys may hold anything: a `+` read as a space, a `%20` decoded twice or a lost non-ASCII byte
  // would name one of the decoys, or nothing.
  const source = 'staging/user 1/pä+ck%20 ✓ 名.png';
  const destination = 'files/user 1/pä+ck%20 ✓ 名.png';
  const decoys = [
    'staging/user 1/pä ck%20 ✓ 名.png',
    'staging/user 1/pä+ck  ✓ 名.png',
    'staging/user 1/pä+ck%2520 ✓ 名.png',
  ];
  const bytes = randomBytes(70_000);

  beforeAll(async () => {
    await put(source, bytes, {
      ContentType: 'text/html',
      CacheControl: 'public, max-age=31536000',
      ContentDisposition: 'inline',
      Metadata: { planted: 'by-the-uploader' },
    });
    for (const decoy of decoys) await put(decoy, randomBytes(70_000), { ContentType: 'image/png' });
  });

  it('copies the bytes under the new key with the given content type and none of the upload’s metadata', async () => {
    const copied = await storage.copy(request(source, destination, await etagOf(source), bytes.length));
    expect(copied).toEqual({ etag: md5(bytes), checksumSha256: undefined });
    const object = await get(destination);
    expect(object.bytes.equals(bytes)).toBe(true);
    expect(object.ContentType).toBe('image/png');
    expect(object.Metadata).toEqual({});
    expect(object.CacheControl).toBeUndefined();
    expect(object.ContentDisposition).toBeUndefined();
    expect((await get(source)).bytes.equals(bytes)).toBe(true); // a copy, not a move
  });

  it('gives a copy over an existing object the ETag of the new bytes', async () => {
    const target = 'files/overwritten.png';
    await put(target, randomBytes(1000));
    const copied = await storage.copy({
      ...request(source, target, await etagOf(source), bytes.length),
      withChecksumSha256: true,
    });
    expect(copied?.etag).toBe(md5(bytes));
    expect(await etagOf(target)).toBe(md5(bytes));
    expect((await get(target)).bytes.equals(bytes)).toBe(true);
  });

  it('copies nothing when the source was replaced after it was checked', async () => {
    const key = 'staging/replaced.png';
    await put(key, randomBytes(5000));
    const checked = await etagOf(key);
    await put(key, randomBytes(5000));
    expect(await storage.copy(request(key, 'files/replaced.png', checked, 5000))).toBeNull();
    expect(await storage.head('files/replaced.png')).toBeNull();
  });

  it('copies nothing when the source is gone', async () => {
    const copied = await storage.copy(request('staging/never-uploaded.png', 'files/never.png', md5(bytes), 10));
    expect(copied).toBeNull();
    expect(await storage.head('files/never.png')).toBeNull();
  });
});

describe('copy in parts (UploadPartCopy above the single-copy limit)', () => {
  const limits = { singleCopyLimitBytes: 5 * MiB, copyPartBytes: 5 * MiB };

  it('copies a 12 MiB object as three ranged parts', async () => {
    const bytes = randomBytes(12 * MiB);
    await put('staging/big.mp4', bytes, { ContentType: 'text/plain', Metadata: { planted: 'yes' } });
    const { storage: parts, sent } = adapter(limits);
    const copied = await parts.copy({
      ...request('staging/big.mp4', 'files/big.mp4', await etagOf('staging/big.mp4'), bytes.length),
      contentType: 'video/mp4',
      withChecksumSha256: true,
    });
    expect(sent.filter((name) => name !== 'UploadPartCopyCommand')).toEqual([
      'CreateMultipartUploadCommand',
      'CompleteMultipartUploadCommand',
    ]);
    expect(sent.filter((name) => name === 'UploadPartCopyCommand')).toHaveLength(3);
    // s3rver's multipart ETag is the MD5 of the whole object (S3's would be the parts' "…-3").
    expect(copied).toEqual({ etag: md5(bytes), checksumSha256: undefined });
    const object = await get('files/big.mp4');
    expect(object.bytes.equals(bytes)).toBe(true);
    expect(object.ContentType).toBe('video/mp4');
    expect(object.Metadata).toEqual({});
    expect(await uploadsUnder('files/big')).toEqual([]);
  });

  it('stops, aborts and copies nothing when the source is replaced mid-way', async () => {
    const bytes = randomBytes(30 * MiB); // six parts, four at a time
    await put('staging/swapped.mp4', bytes);
    const { client: partsClient, storage: parts, sent } = adapter(limits);
    const copiedParts: number[] = [];
    partsClient.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { PartNumber?: number; CopySourceRange?: string };
        // Part 5 starts only once an earlier part is done: replace the source just before it.
        if (input.CopySourceRange && input.PartNumber === 5) await put('staging/swapped.mp4', randomBytes(30 * MiB));
        const result = await next(args);
        if (input.CopySourceRange && input.PartNumber) copiedParts.push(input.PartNumber);
        return result;
      },
      { step: 'initialize', name: 'replaceSourceMidway' },
    );
    const copied = await parts.copy(
      request('staging/swapped.mp4', 'files/swapped.mp4', await etagOf('staging/swapped.mp4'), bytes.length),
    );
    expect(copied).toBeNull();
    expect(copiedParts.length).toBeGreaterThan(0); // it was mid-way: some parts had been copied
    expect(sent).toContain('AbortMultipartUploadCommand');
    expect(sent).not.toContain('CompleteMultipartUploadCommand');
    expect(await storage.head('files/swapped.mp4')).toBeNull();
    expect(await uploadsUnder('files/swapped')).toEqual([]);
    expect(await unfinishedOnDisk()).not.toContain('files/swapped.mp4');
  });

  it('chooses whole MiB parts of at least the preferred size, within 10,000 parts of at most 5 GiB', () => {
    expect(partSize(12 * MiB, 5 * MiB)).toBe(5 * MiB);
    expect(partSize(12 * MiB, 5.5 * MiB)).toBe(6 * MiB);
    expect(partSize(10 * 1024 * MiB)).toBe(512 * MiB);
    expect(partSize(5 * 1024 * 1024 * MiB)).toBe(525 * MiB); // 5 TiB: 512 MiB parts would be 10,240
    expect(() => partSize(60 * 1024 * 1024 * MiB)).toThrow(RangeError);
  });
});

describe('listObjects', () => {
  it('lists every object under the prefix, in pages of at most 1,000, and nothing else', async () => {
    const wanted = Array.from({ length: 1100 }, (_, i) => `sweep/a/${String(i).padStart(4, '0')}.png`);
    // Around the page boundary, keys whose order differs from the order of names on s3rver's disk
    // (the directory `0999` before the file `0999-b.png`, but `0999-b.png` < `0999/…` as keys).
    wanted.push('sweep/a/0999/nested.png', 'sweep/a/0999-b.png');
    const others = ['sweep/ab/0001.png', 'sweep/b/0001.png', 'sweep/a.png', 'other/sweep/a/0001.png'];
    const body = randomBytes(10);
    const keys = [...wanted, ...others];
    for (let i = 0; i < keys.length; i += 25) await Promise.all(keys.slice(i, i + 25).map((key) => put(key, body)));
    const pages = await collect(storage.listObjects('sweep/a/'));
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(1000);
    const listed = pages.flat();
    expect(listed.map((object) => object.key)).toEqual([...wanted].sort()); // in key order, page after page
    for (const object of listed) expect(object.lastModified).toBeInstanceOf(Date);
    expect(Math.abs(listed[0]!.lastModified.getTime() - Date.now())).toBeLessThan(5 * 60_000);
  });

  it('lists nothing under a prefix that holds nothing', async () => {
    expect((await collect(storage.listObjects('nothing-here/'))).flat()).toEqual([]);
  });
});

describe('listMultipartUploads', () => {
  async function start(key: string): Promise<string> {
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    return created.UploadId!;
  }

  it('lists an unfinished upload, not a completed or an aborted one', async () => {
    const before = Date.now() - 2000;
    const unfinished = await start('staging/mp/unfinished.mp4');
    const completed = await start('staging/mp/completed.mp4');
    const aborted = await start('staging/mp/aborted.mp4');
    const outside = await start('files/mp/outside.mp4');
    for (const [key, id] of [
      ['staging/mp/unfinished.mp4', unfinished],
      ['staging/mp/completed.mp4', completed],
    ] as const) {
      await client.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: id, PartNumber: 1, Body: 'part' }));
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'staging/mp/completed.mp4',
        UploadId: completed,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: md5(Buffer.from('part')) }] },
      }),
    );
    await storage.abortMultipartUpload('staging/mp/aborted.mp4', aborted);

    const listed = await uploadsUnder('staging/mp/');
    expect(listed).toEqual([{ key: 'staging/mp/unfinished.mp4', uploadId: unfinished, initiated: expect.any(Date) }]);
    expect(listed[0]!.initiated.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(listed[0]!.initiated.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await uploadsUnder('files/mp/')).map((upload) => upload.uploadId)).toEqual([outside]);
    await client.send(
      new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'files/mp/outside.mp4', UploadId: outside }),
    );
    await storage.abortMultipartUpload('staging/mp/unfinished.mp4', unfinished);
  });

  it('pages through more than 1,000 uploads, several of them on one key', async () => {
    const ids = new Set<string>();
    const keys = Array.from({ length: 1010 }, (_, i) => `many/${i < 900 ? 'same-key' : `key-${i}`}`);
    for (let i = 0; i < keys.length; i += 25) {
      for (const id of await Promise.all(keys.slice(i, i + 25).map(start))) ids.add(id);
    }
    const pages = await collect(storage.listMultipartUploads('many/'));
    expect(pages.map((page) => page.length)).toEqual([1000, 10]);
    const listed = pages.flat();
    expect(new Set(listed.map((upload) => upload.uploadId))).toEqual(ids);
    expect(listed).toHaveLength(1010);
  });
});

describe('when the store does not answer', () => {
  it('reports StorageUnavailableError for copies and listings', async () => {
    const { storage: down } = adapter(undefined, `http://127.0.0.1:${await freePort()}`);
    const fail = async (run: () => Promise<unknown>) => {
      const error = await run().then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(StorageUnavailableError);
      return (error as Error).message;
    };
    expect(await fail(() => down.copy(request('a', 'b', '"x"', 10)))).toMatch(/CopyObject/);
    expect(await fail(() => collect(down.listObjects('a/')))).toMatch(/ListObjectsV2/);
    expect(await fail(() => collect(down.listMultipartUploads('a/')))).toMatch(/ListMultipartUploads/);
    const { storage: downParts } = adapter({ singleCopyLimitBytes: 5 * MiB }, `http://127.0.0.1:${await freePort()}`);
    expect(await fail(() => downParts.copy(request('a', 'b', '"x"', 6 * MiB)))).toMatch(/CreateMultipartUpload/);
  });
});
