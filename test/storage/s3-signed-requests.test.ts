import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { S3Client } from '@aws-sdk/client-s3';
import { StorageUnavailableError } from '../../src/storage/object-storage.ts';
import { createS3Client } from '../../src/storage/s3-client.ts';
import { xmlText } from '../../src/storage/s3-xml.ts';
import { createS3ObjectStorage, type S3ObjectStorage } from '../../src/storage/s3-object-storage.ts';

// The confirm's object calls are signed and sent without the SDK (s3-signed-requests.ts), so what
// the SDK did for them is checked here against a store that misbehaves on purpose: retries,
// deadlines, the "200 error" of CopyObject, a store that ignores Range, errors that must not be
// retried. (Their signatures are checked by stores that verify them: test/security.)
const BUCKET = 'uploads';
const TIMEOUT_MS = 1_000;
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let handle: Handler;
let received: { method: string; url: string; headers: IncomingMessage['headers'] }[];
let s3: S3Client;
let storage: S3ObjectStorage;

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  s3 = createS3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
    timeoutMs: TIMEOUT_MS,
  });
  storage = createS3ObjectStorage(s3, BUCKET, { timeoutMs: TIMEOUT_MS });
});

afterAll(async () => {
  storage.close();
  s3.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received = [];
});

const copyRequest = {
  sourceKey: 'staging/a.png',
  destinationKey: 'files/a.png',
  ifMatch: '"etag"',
  byteSize: 10,
  contentType: 'image/png',
  withChecksumSha256: false,
};

async function failure(promise: Promise<unknown>): Promise<StorageUnavailableError> {
  const error = await promise.then(
    () => new Error('resolved'),
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(StorageUnavailableError);
  return error as StorageUnavailableError;
}

describe('object requests signed without the SDK', () => {
  it('sign every request: the path, the headers given and the SigV4 headers, with an unsigned payload', async () => {
    handle = (_request, response) => response.writeHead(200, { 'content-length': '3', etag: '"e"' }).end();
    await storage.head('staging/x y+z.png');
    const [request] = received;
    expect(request?.method).toBe('HEAD');
    expect(request?.url).toBe(`/${BUCKET}/staging/x%20y%2Bz.png`);
    expect(request?.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=key\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=host;x-amz-checksum-mode;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(request?.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
  });

  it('retry a 503 once, then answer', async () => {
    let calls = 0;
    handle = (_request, response) => {
      calls += 1;
      if (calls === 1) response.writeHead(503).end('<Error><Code>SlowDown</Code></Error>');
      else response.writeHead(200, { 'content-length': '7', 'content-type': 'image/png', etag: '"e"' }).end();
    };
    expect(await storage.head('k')).toEqual({
      byteSize: 7,
      contentType: 'image/png',
      etag: '"e"',
      checksumSha256: undefined,
    });
    expect(received).toHaveLength(2);
  });

  it("fail with the store's error code after two 5xx answers", async () => {
    handle = (_request, response) =>
      response.writeHead(500).end('<Error><Code>InternalError</Code><Message>We hit a snag</Message></Error>');
    const error = await failure(storage.readStart('k', 16));
    expect((error.cause as Error).message).toBe('HTTP 500 InternalError We hit a snag');
    expect(received).toHaveLength(2);
  });

  it('do not retry an answer that another try would not change (403)', async () => {
    handle = (_request, response) => response.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
    const error = await failure(storage.delete('k'));
    expect((error.cause as Error).message).toContain('SignatureDoesNotMatch');
    expect(received).toHaveLength(1);
  });

  it('give up on a silent store within the deadline, after two attempts', async () => {
    handle = () => undefined; // never answers
    const started = performance.now();
    await failure(storage.head('k'));
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 500);
    expect(received).toHaveLength(2);
  });

  it('read only the bytes asked for from a store that ignores Range, and drop the rest unread', async () => {
    const total = 64 * 1024 * 1024;
    let written = 0;
    let closed: () => void;
    const dropped = new Promise<void>((resolve) => (closed = resolve));
    handle = (_request, response) => {
      response.writeHead(200, { 'content-length': String(total) });
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const more = () => {
        while (written < total) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', more);
        }
        response.end();
      };
      response.on('close', () => closed());
      more();
    };
    const start = await storage.readStart('k', 4096, '"e"');
    expect(start).toHaveLength(4096);
    expect(received[0]?.headers['range']).toBe('bytes=0-4095');
    expect(received[0]?.headers['if-match']).toBe('"e"');
    await dropped;
    expect(written).toBeLessThan(total);
  });

  it('answer null for a missing object (404) and for one that changed (412), without a retry', async () => {
    handle = (_request, response) => response.writeHead(404).end();
    expect(await storage.head('k')).toBeNull();
    handle = (_request, response) => response.writeHead(412).end('<Error><Code>PreconditionFailed</Code></Error>');
    expect(await storage.readStart('k', 8, '"old"')).toBeNull();
    expect(await storage.copy(copyRequest)).toBeNull();
    handle = (_request, response) => response.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
    expect(await storage.copy(copyRequest)).toBeNull();
    expect(received).toHaveLength(4);
  });

  it('count a DELETE of a missing object as done, not one in a missing bucket', async () => {
    handle = (_request, response) => response.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>');
    await expect(storage.delete('k')).resolves.toBeUndefined();
    handle = (_request, response) => response.writeHead(404).end('<Error><Code>NoSuchBucket</Code></Error>');
    expect((await failure(storage.delete('k'))).cause).toHaveProperty('message', 'HTTP 404 NoSuchBucket');
  });

  it("retry S3's transient 400 RequestTimeout once", async () => {
    let calls = 0;
    handle = (_request, response) => {
      calls += 1;
      if (calls === 1) response.writeHead(400).end('<Error><Code>RequestTimeout</Code></Error>');
      else response.writeHead(204).end();
    };
    await storage.delete('k');
    expect(received).toHaveLength(2);
  });

  it("learn the store's clock from its answer and sign the retry with it", async () => {
    const storeClock = Date.now() + 60 * 60 * 1000;
    let calls = 0;
    handle = (request, response) => {
      calls += 1;
      const signedAt = Date.parse(
        String(request.headers['x-amz-date']).replace(
          /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/,
          '$1-$2-$3T$4:$5:$6Z',
        ),
      );
      response.setHeader('date', new Date(storeClock).toUTCString());
      if (Math.abs(signedAt - storeClock) > 15 * 60 * 1000)
        response.writeHead(403).end('<Error><Code>RequestTimeTooSkewed</Code></Error>');
      else response.writeHead(200, { 'content-length': '1', etag: '"e"' }).end();
    };
    try {
      expect(await storage.head('k')).toMatchObject({ byteSize: 1 });
      expect(calls).toBe(2);
      // Learnt once: the next call is signed right the first time.
      await storage.head('k');
      expect(calls).toBe(3);
    } finally {
      s3.config.systemClockOffset = 0;
    }
  });

  it("send CopyObject's headers and read its result after the store's keep-alive spaces", async () => {
    handle = (_request, response) =>
      response
        .writeHead(200)
        .end(
          '   \n   <?xml version="1.0"?><CopyObjectResult><ETag>&quot;abc&quot;</ETag>' +
            '<ChecksumSHA256>c2hh&#x3D;</ChecksumSHA256></CopyObjectResult>',
        );
    expect(await storage.copy({ ...copyRequest, withChecksumSha256: true })).toEqual({
      etag: '"abc"',
      checksumSha256: 'c2hh=',
    });
    const headers = received[0]?.headers ?? {};
    expect(received[0]?.method).toBe('PUT');
    expect(received[0]?.url).toBe(`/${BUCKET}/files/a.png`);
    expect(headers).toMatchObject({
      'x-amz-copy-source': `${BUCKET}/staging/a.png`,
      'x-amz-copy-source-if-match': '"etag"',
      'x-amz-metadata-directive': 'REPLACE',
      'content-type': 'image/png',
      'x-amz-checksum-algorithm': 'SHA256',
      'content-length': '0',
    });
    for (const name of ['x-amz-copy-source', 'x-amz-metadata-directive', 'content-type'])
      expect(headers['authorization']).toContain(name);
  });

  it('take a CopyObject whose 200 carries an <Error> for a failure, and retry it once', async () => {
    handle = (_request, response) =>
      response.writeHead(200).end('<?xml version="1.0"?><Error><Code>InternalError</Code></Error>');
    const error = await failure(storage.copy(copyRequest));
    expect((error.cause as Error).message).toContain('InternalError');
    expect(received).toHaveLength(2);
  });

  it('keep an unanswerable CopyObject body bounded', async () => {
    handle = (_request, response) => {
      response.writeHead(200);
      response.end(Buffer.alloc(3 * 1024 * 1024, 0x20));
    };
    await failure(storage.copy(copyRequest));
  });
});

describe('xmlText', () => {
  it('decodes entities, keeps unknown ones and stops at the first element', () => {
    expect(xmlText('<a><Code>x&amp;y&lt;&#65;&#x42;&bogus;</Code><Code>2</Code></a>', 'Code')).toBe('x&y<AB&bogus;');
    expect(xmlText('<Code>unclosed', 'Code')).toBeUndefined();
    expect(xmlText('no element', 'Code')).toBeUndefined();
    expect(xmlText('<Code>&#x110000;</Code>', 'Code')).toBe('&#x110000;');
  });

  it('reads hostile documents (megabytes of entity starts, unclosed elements) in one pass', () => {
    const hostile = '<Code>' + '&'.repeat(1_000_000) + '&#'.repeat(500_000);
    expect(xmlText(hostile + '</Code>', 'Code')).toHaveLength(hostile.length - 6);
    expect(xmlText('<Code>'.repeat(200_000), 'Code')).toBeUndefined();
  });
});
