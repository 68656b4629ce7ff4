import type { ObjectStorage, StoredObjectHead } from '../../storage/object-storage.ts';
import { verifyChecksums, type DeclaredChecksums } from '../checksums.ts';
import { CONTENT_TYPES, type KnownContentType } from '../content-types.ts';
import type { RejectionReason } from '../upload-model.ts';

/** Not a rejection: the client may confirm again once the object holds still. */
export const CHANGED = {
  ok: false,
  reason: 'NOT_UPLOADED',
  message: 'The upload changed while it was checked; confirm again.',
} as const;

/** How many leading bytes are read to recognise a file's real type. */
export const SNIFF_BYTES = 4096;

type Failure = {
  ok: false;
  reason: Extract<
    RejectionReason,
    'NOT_UPLOADED' | 'SIZE_MISMATCH' | 'CONTENT_TYPE_MISMATCH' | 'CONTENT_MISMATCH' | 'CHECKSUM_MISMATCH'
  >;
  message: string;
};

export interface ExpectedObject extends DeclaredChecksums {
  key: string;
  byteSize: number;
  contentType: KnownContentType;
}

/**
 * The staged object's HEAD against what the ticket allowed (size and type). Its ETag is what the
 * promotion copies, so everything checked afterwards is checked on exactly those bytes.
 */
export async function inspectStagedObject(
  storage: ObjectStorage,
  expected: ExpectedObject,
): Promise<{ ok: true; head: StoredObjectHead & { etag: string } } | Failure> {
  const head = await storage.head(expected.key);
  if (!head) return { ok: false, reason: 'NOT_UPLOADED', message: 'Nothing has been uploaded for this ticket yet.' };
  if (head.byteSize !== expected.byteSize) {
    return {
      ok: false,
      reason: 'SIZE_MISMATCH',
      message: `The stored file has ${head.byteSize} bytes, not the ${expected.byteSize} declared.`,
    };
  }
  const storedType = head.contentType?.split(';')[0]?.trim().toLowerCase();
  if (storedType !== expected.contentType) {
    return {
      ok: false,
      reason: 'CONTENT_TYPE_MISMATCH',
      message: `The stored file has type ${storedType ?? 'none'}, not ${expected.contentType}.`,
    };
  }
  // Every S3-compatible store sends one; without it a copy could not be pinned to these bytes.
  if (!head.etag) throw new Error(`The store sent no ETag for ${expected.key}`);
  return { ok: true, head: { ...head, etag: head.etag } };
}

/**
 * Checks the bytes of the promoted copy, which no ticket can write: one ranged read of the first
 * bytes (pinned to the copy's ETag) to recognise the real type, then the declared checksums
 * (usually vouched for by the store without reading; see checksums.ts).
 */
export async function verifyContent(
  storage: ObjectStorage,
  copy: Pick<StoredObjectHead, 'etag' | 'checksumSha256'> & { key: string },
  expected: ExpectedObject,
): Promise<{ ok: true } | Failure> {
  const start = await storage.readStart(copy.key, Math.min(SNIFF_BYTES, expected.byteSize), copy.etag);
  // Only the promotion writes this key: gone means a concurrent cleanup, not a client.
  if (!start) return CHANGED;
  if (!CONTENT_TYPES[expected.contentType].matches(start, expected.byteSize)) {
    return { ok: false, reason: 'CONTENT_MISMATCH', message: `The file's content is not ${expected.contentType}.` };
  }
  const stored = { ...copy, byteSize: expected.byteSize, contentType: expected.contentType };
  const checksums = await verifyChecksums(storage, copy.key, stored, expected);
  if (checksums.ok === 'gone') return CHANGED;
  if (!checksums.ok) return { ok: false, reason: 'CHECKSUM_MISMATCH', message: checksums.message };
  return { ok: true };
}
