import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../../src/storage/s3-sha256.ts';

// The S3 client's hash (src/storage/s3-sha256.ts) against the SDK's own default for Node: the same
// digests and HMACs for every kind of key, the same rules for digesting twice, and the same SigV4
// signatures.
type HashClass = new (secret?: string | ArrayBuffer | ArrayBufferView) => {
  update(data: string | ArrayBuffer | ArrayBufferView): void;
  digest(): Promise<Uint8Array>;
  reset(): void;
};
const sdkClient = new S3Client({ region: 'us-east-1' });
const SdkSha256 = sdkClient.config.sha256 as unknown as HashClass;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

async function both(run: (Hash: HashClass) => Promise<unknown>): Promise<{ ours: unknown; sdk: unknown }> {
  return { ours: await run(Sha256), sdk: await run(SdkSha256) };
}

describe('the S3 client hash', () => {
  const data = randomBytes(10_000);
  const secretBytes = randomBytes(32);
  const view = new Uint8Array(randomBytes(64).buffer, 16, 32);

  it.each<[string, string | ArrayBuffer | ArrayBufferView | undefined]>([
    ['no key (SHA-256)', undefined],
    ['a string key', 'AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'],
    ['a Buffer key', secretBytes],
    ['a Uint8Array key', new Uint8Array(secretBytes)],
    ['a view into a larger buffer', view],
    ['an ArrayBuffer key', secretBytes.buffer.slice(secretBytes.byteOffset, secretBytes.byteOffset + 32)],
    ['an empty key', new Uint8Array(0)],
  ])('with %s, digests what the SDK digests', async (_name, secret) => {
    const { ours, sdk } = await both(async (Hash) => {
      const hash = new Hash(secret);
      hash.update('text, ');
      hash.update(data);
      hash.update(data.subarray(100, 200));
      return hex(await hash.digest());
    });
    expect(ours).toBe(sdk);
  });

  it('keyed by the same bytes again, and by those bytes changed in place, signs as the SDK does', async () => {
    const key = new Uint8Array(randomBytes(32));
    const mac = async (Hash: HashClass) => {
      const hash = new Hash(key);
      hash.update('string to sign');
      return hex(await hash.digest());
    };
    const first = await both(mac);
    const again = await both(mac);
    key[0] = (key[0] ?? 0) ^ 0xff;
    const changed = await both(mac);
    expect(first.ours).toBe(first.sdk);
    expect(again.ours).toBe(first.sdk);
    expect(changed.ours).toBe(changed.sdk);
    expect(changed.ours).not.toBe(first.ours);
  });

  it('a plain hash may be digested again and go on; an HMAC only once; reset starts over', async () => {
    const { ours, sdk } = await both(async (Hash) => {
      const plain = new Hash();
      plain.update('a');
      const once = hex(await plain.digest());
      const twice = hex(await plain.digest());
      plain.update('b');
      const more = hex(await plain.digest());
      const hmac = new Hash('key');
      hmac.update('a');
      await hmac.digest();
      let updateAfter = 'allowed';
      try {
        hmac.update('b');
      } catch {
        updateAfter = 'refused';
      }
      hmac.reset();
      hmac.update('a');
      return { once, twice, more, updateAfter, afterReset: hex(await hmac.digest()) };
    });
    expect(ours).toEqual(sdk);
    expect(ours).toMatchObject({ updateAfter: 'refused' });
  });

  it('gives the SigV4 signer the same signatures', async () => {
    const sign = (sha256: HashClass) =>
      new SignatureV4({
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
        region: 'eu-west-1',
        service: 's3',
        sha256: sha256,
      }).sign(
        {
          method: 'PUT',
          protocol: 'https:',
          hostname: 'bucket.s3.eu-west-1.amazonaws.com',
          path: '/files/a%20b.png',
          query: { partNumber: '2', uploadId: 'x+y' },
          headers: { host: 'bucket.s3.eu-west-1.amazonaws.com', 'content-type': 'image/png' },
          body: data,
        },
        { signingDate: new Date('2026-12-01T12:00:00Z') },
      );
    const [ours, sdk] = [await sign(Sha256), await sign(SdkSha256)];
    expect(ours.headers['authorization']).toBe(sdk.headers['authorization']);
    expect(ours.headers['x-amz-content-sha256']).toBe(sdk.headers['x-amz-content-sha256']);
  });
});
