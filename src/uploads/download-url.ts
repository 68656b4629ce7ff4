import type { ObjectStorage } from '../storage/object-storage.ts';
import { CONTENT_TYPES, isKnownContentType } from './content-types.ts';
import type { FileRecord } from './upload-model.ts';

/**
 * A short-lived presigned GET whose response headers are fixed by the signature: the verified
 * content type and a Content-Disposition with the original filename (inline only for images), so
 * whatever the object's own metadata says, a browser never renders it as something else.
 */
export function downloadUrl(storage: ObjectStorage, file: FileRecord, expiresInSeconds: number): Promise<string> {
  const rule = isKnownContentType(file.contentType) ? CONTENT_TYPES[file.contentType] : undefined;
  return storage.presignGet({
    key: file.key,
    expiresInSeconds,
    responseContentType: rule?.downloadType ?? 'application/octet-stream',
    responseContentDisposition: contentDisposition(file.filename, rule?.inline ?? false),
  });
}

/** RFC 6266: an ASCII fallback for old clients plus the exact UTF-8 name (RFC 8187). */
export function contentDisposition(filename: string, inline: boolean): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
