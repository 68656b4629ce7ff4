import { createHash, createHmac, createSecretKey, type Hash, type KeyObject } from 'node:crypto';

type Hmac = ReturnType<typeof createHmac>;

type SourceData = string | ArrayBuffer | ArrayBufferView;

/**
 * SHA-256 and HMAC-SHA256 for the S3 client (its SigV4 signer, the signers built on it, its
 * payload hashes): what the SDK's own Node class computes, the same way, with one difference. An
 * HMAC keyed by bytes is keyed through a KeyObject made once per key. On Node 24, createHmac with
 * a Buffer or Uint8Array key costs about 11.7 µs against 2.2 µs with a KeyObject (measured; about
 * 2.4 µs either way on Node 20), and the signer keys one HMAC per signature with the signing key it
 * caches for the day: the same bytes every time (docs/storage.md).
 */
export class Sha256 {
  readonly digestLength = 32;
  private readonly secret: SourceData | undefined;
  private hash: Hash | Hmac;
  private finished = false;

  constructor(secret?: SourceData) {
    this.secret = secret;
    this.hash = this.create();
  }

  update(data: SourceData): void {
    if (this.finished) throw new Error('Attempted to update an already finished hash.');
    this.hash.update(bytesOf(data));
  }

  /** As the SDK's: a plain hash may be digested again (and updated after); an HMAC once. */
  digest(): Promise<Uint8Array> {
    let digest: Buffer;
    if (this.secret === undefined) digest = (this.hash as Hash).copy().digest();
    else {
      this.finished = true;
      digest = this.hash.digest();
    }
    return Promise.resolve(new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength));
  }

  reset(): void {
    this.hash = this.create();
    this.finished = false;
  }

  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', keyOf(this.secret));
  }
}

/** KeyObjects of the byte keys in use, with the bytes they were made of, dropped with the keys. */
const keyObjects = new WeakMap<object, { bytes: Buffer; key: KeyObject }>();

function keyOf(secret: SourceData): string | Buffer | KeyObject {
  if (typeof secret === 'string') return secret;
  const bytes = bytesOf(secret) as Buffer;
  // An empty key is valid for HMAC but not for a KeyObject; no signature uses one.
  if (bytes.byteLength === 0) return bytes;
  const known = keyObjects.get(secret);
  // The bytes are compared (32 of them for a signing key): a key changed in place is a new key.
  if (known?.bytes.equals(bytes)) return known.key;
  const copy = Buffer.from(bytes);
  const key = createSecretKey(copy);
  keyObjects.set(secret, { bytes: copy, key });
  return key;
}

function bytesOf(data: SourceData): string | Buffer {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
