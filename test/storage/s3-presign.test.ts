import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { PresignPostRequest } from '../../src/storage/object-storage.ts';
import { createS3Client } from '../../src/storage/s3-client.ts';
import { createPostSigner } from '../../src/storage/s3-post-signer.ts';

// The POST signer builds the policy itself and has the SDK's signer sign it (s3-post-signer.ts): for the same inputs
// and the same instant its tickets must be byte for byte createPresignedPost's. No store is needed:
// neither makes a request.
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const BUCKET = 'uploads';

const presignPost = (client: S3Client, bucket: string, request: PresignPostRequest) =>
  createPostSigner(client, bucket)(request);

const CLIENTS: [string, () => S3Client][] = [
  [
    'path-style (an S3-compatible store)',
    () =>
      createS3Client({
        region: 'us-east-1',
        endpoint: 'http://127.0.0.1:4569',
        forcePathStyle: true,
        credentials: CREDENTIALS,
      }),
  ],
  [
    'virtual-hosted (AWS)',
    () => createS3Client({ region: 'eu-west-3', endpoint: undefined, forcePathStyle: false, credentials: CREDENTIALS }),
  ],
  [
    'temporary credentials (a session token)',
    () =>
      new S3Client({
        region: 'ap-southeast-2',
        credentials: () => Promise.resolve({ ...CREDENTIALS, sessionToken: 'FwoGZXIvYXdzEJr//token+with/odd=chars' }),
      }),
  ],
];

const REQUESTS: [string, PresignPostRequest][] = [
  [
    'a plain upload',
    { key: 'staging/avatar/0192/a.png', contentType: 'image/png', byteSize: 2048, expiresInSeconds: 300 },
  ],
  [
    'a declared MD5',
    {
      key: 'staging/attachment/0193/b.pdf',
      contentType: 'application/pdf',
      byteSize: 10 * 1024 * 1024,
      expiresInSeconds: 900,
      contentMd5: 'XrY7u+Ae7tCTyyK7j1rNww==',
    },
  ],
];

/** What createPresignedPost answers for the request, in the adapter's shape. */
async function reference(client: S3Client, request: PresignPostRequest) {
  const fields: Record<string, string> = { 'Content-Type': request.contentType };
  if (request.contentMd5) fields['Content-MD5'] = request.contentMd5;
  const post = await createPresignedPost(client, {
    Bucket: BUCKET,
    Key: request.key,
    Fields: fields,
    Conditions: [['content-length-range', request.byteSize, request.byteSize]],
    Expires: request.expiresInSeconds,
  });
  const policy = JSON.parse(Buffer.from(post.fields['Policy']!, 'base64').toString('utf8')) as { expiration: string };
  return {
    url: post.url,
    fields: Object.entries(post.fields).map(([name, value]) => ({ name, value })),
    expiresAt: new Date(policy.expiration),
  };
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('presignPost', () => {
  for (const [clientName, makeClient] of CLIENTS) {
    for (const [requestName, request] of REQUESTS) {
      it(`is createPresignedPost's ticket, byte for byte: ${clientName}, ${requestName}`, async () => {
        const client = makeClient();
        // Two instants, on either side of midnight UTC: the signing key changes with the date.
        for (const instant of [Date.UTC(2026, 11, 1, 23, 59, 59, 640), Date.UTC(2026, 11, 2, 0, 0, 1, 5)]) {
          jest.spyOn(Date, 'now').mockReturnValue(instant);
          expect(await presignPost(client, BUCKET, request)).toEqual(await reference(client, request));
        }
      });
    }
  }

  it('signs with the credentials of the moment and the clock offset the client learned', async () => {
    let credentials = CREDENTIALS;
    const client = new S3Client({ region: 'us-east-1', credentials: () => Promise.resolve(credentials) });
    const request = REQUESTS[0]![1];
    jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 5, 1, 12));
    const before = await presignPost(client, BUCKET, request);
    expect(before).toEqual(await reference(client, request));

    credentials = { accessKeyId: 'AKIDROTATED', secretAccessKey: 'another/secret' };
    client.config.systemClockOffset = -90_000;
    const after = await presignPost(client, BUCKET, request);
    expect(after).toEqual(await reference(client, request));
    expect(after.fields).not.toEqual(before.fields);
  });

  it('keeps one URL per bucket', async () => {
    const client = CLIENTS[1]![1]();
    const request = REQUESTS[0]![1];
    const [first, second] = await Promise.all([
      presignPost(client, 'first-bucket', request),
      presignPost(client, 'second-bucket', request),
    ]);
    expect(first.url).toBe('https://first-bucket.s3.eu-west-3.amazonaws.com/');
    expect(second.url).toBe('https://second-bucket.s3.eu-west-3.amazonaws.com/');
  });
});
