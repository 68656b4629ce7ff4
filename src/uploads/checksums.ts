import { createHash } from 'node:crypto';
import { InvalidInputError } from '../shared/errors.ts';
import { StorageUnavailableError, type ObjectStorage, type StoredObjectHead } from '../storage/object-storage.ts';

export interface DeclaredChecksums {
  checksumSha256: string | null;
  contentMd5: string | null;
}

const DIGEST_BYTES = { checksumSha256: 32, contentMd5: 16 } as const;

/**
 * Reads a declared checksum: standard base64 of the raw digest, as S3 takes it in
 * x-amz-checksum-sha256 and Content-MD5. Anything else is malformed input.
 */
export function parseChecksum(field: keyof typeof DIGEST_BYTES, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : undefined;
  if (bytes?.length !== DIGEST_BYTES[field] || bytes.toString('base64') !== value) {
    throw new InvalidInputError(`${field} must be the base64 of a ${DIGEST_BYTES[field]}-byte digest.`, field);
  }
  return value;
}

export type ChecksumVerdict = { ok: true } | { ok: false; message: string } | { ok: 'gone' };

/**
 * Checks the stored bytes against the declared checksums, reading the object only where the store
 * did not already vouch for them: a single-part object's ETag is its MD5 (S3, Ceph, s3rver), and
 * S3 returns the SHA-256 it verified when the upload carried one. Otherwise one streamed read
 * computes what is missing.
 */
export async function verifyChecksums(
  storage: ObjectStorage,
  key: string,
  head: StoredObjectHead,
  declared: DeclaredChecksums,
): Promise<ChecksumVerdict> {
  const etagMd5 = head.etag && /^"?[0-9a-f]{32}"?$/.test(head.etag) ? head.etag.replaceAll('"', '') : undefined;
  const known = {
    checksumSha256: head.checksumSha256,
    contentMd5: etagMd5 ? Buffer.from(etagMd5, 'hex').toString('base64') : undefined,
  };
  const missing = (['checksumSha256', 'contentMd5'] as const).filter((field) => declared[field] && !known[field]);
  if (missing.length > 0) {
    const computed = await hashObject(storage, key, head.etag, missing);
    if (!computed) return { ok: 'gone' };
    Object.assign(known, computed);
  }
  for (const field of ['checksumSha256', 'contentMd5'] as const) {
    if (declared[field] && declared[field] !== known[field]) {
      return { ok: false, message: `The stored file does not have the declared ${field}.` };
    }
  }
  return { ok: true };
}

async function hashObject(
  storage: ObjectStorage,
  key: string,
  etag: string | undefined,
  fields: readonly ('checksumSha256' | 'contentMd5')[],
): Promise<Partial<Record<'checksumSha256' | 'contentMd5', string>> | null> {
  const body = await storage.readAll(key, etag);
  if (!body) return null;
  const hashes = fields.map((field) => [field, createHash(field === 'checksumSha256' ? 'sha256' : 'md5')] as const);
  try {
    for await (const chunk of body) for (const [, hash] of hashes) hash.update(chunk);
  } catch (error) {
    // The body streams after GetObject answered: a reset mid-way is the store failing, retryable.
    throw new StorageUnavailableError('GetObject', error);
  }
  return Object.fromEntries(hashes.map(([field, hash]) => [field, hash.digest('base64')]));
}
