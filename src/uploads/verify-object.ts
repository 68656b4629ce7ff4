import type { ObjectStorage } from '../storage/object-storage.ts';
import { verifyChecksums, type DeclaredChecksums } from './checksums.ts';
import { CONTENT_TYPES, type KnownContentType } from './content-types.ts';
import type { RejectionReason } from './upload-model.ts';

const CHANGED = {
  ok: false,
  reason: 'NOT_UPLOADED',
  message: 'The upload changed while it was checked; confirm again.',
} as const;

/** How many leading bytes are read to recognise a file's real type. */
export const SNIFF_BYTES = 4096;

export type Verdict =
  | { ok: true; etag: string | undefined }
  | {
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
 * Checks what was stored against what the ticket allowed: HeadObject for size and type, then one
 * ranged read of the first bytes (pinned to the same ETag) to recognise the real type, then the
 * declared checksums (usually from the HEAD alone; see checksums.ts).
 */
export async function verifyStoredObject(storage: ObjectStorage, expected: ExpectedObject): Promise<Verdict> {
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
  const start = await storage.readStart(expected.key, Math.min(SNIFF_BYTES, expected.byteSize), head.etag);
  // Gone or replaced between the reads: nothing stable to judge yet.
  if (!start) return CHANGED;
  if (!CONTENT_TYPES[expected.contentType].matches(start, head.byteSize)) {
    return {
      ok: false,
      reason: 'CONTENT_MISMATCH',
      message: `The file's content is not ${expected.contentType}.`,
    };
  }
  const checksums = await verifyChecksums(storage, expected.key, head, expected);
  if (checksums.ok === 'gone') return CHANGED;
  if (!checksums.ok) return { ok: false, reason: 'CHECKSUM_MISMATCH', message: checksums.message };
  return { ok: true, etag: head.etag };
}
