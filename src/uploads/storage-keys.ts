import { CONTENT_TYPES, type KnownContentType } from './content-types.ts';
import { PURPOSES, type UploadPurpose } from './purposes.ts';

/**
 * Two key spaces keep verified bytes apart from anything a client can write. Tickets (POST, PUT,
 * multipart) only ever sign keys under STAGING; a File's bytes live under FILES, written once by
 * the server-side copy that confirmUpload makes after checking them. No ticket can name a FILES
 * key, so the bytes behind File.url never change. Lifecycle rules and IAM policies can tell the
 * two apart by prefix (docs/storage.md).
 */
export const STAGING_PREFIX = 'staging/';
export const FILES_PREFIX = 'files/';

interface KeyParts {
  purpose: UploadPurpose;
  ownerId: string;
  contentType: KnownContentType;
}

/** Where a ticket's upload lands: `staging/<purpose>/<userId>/<ticketId>.<ext>`. */
export function stagingKey(parts: KeyParts, ticketId: string): string {
  return `${STAGING_PREFIX}${keyPath(parts, ticketId)}`;
}

/** Where a confirmed file's bytes live: `files/<purpose>/<userId>/<fileId>.<ext>`. */
export function fileKey(parts: KeyParts, fileId: string): string {
  return `${FILES_PREFIX}${keyPath(parts, fileId)}`;
}

function keyPath({ purpose, ownerId, contentType }: KeyParts, id: string): string {
  return `${PURPOSES[purpose].keyPrefix}/${ownerId}/${id}.${CONTENT_TYPES[contentType].extension}`;
}
