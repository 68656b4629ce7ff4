import type { ObjectStorage } from '../storage/object-storage.ts';
import { CONTENT_TYPES, isKnownContentType, type ContentTypeRule } from './content-types.ts';
import type { FileRecord } from './upload-model.ts';

/**
 * A short-lived presigned GET whose response headers are fixed by the signature: the verified
 * content type and a Content-Disposition with the original filename, its extension made to match
 * the verified type (inline only for images), so whatever the object's own metadata or the
 * declared name says, neither a browser nor the downloads folder treats it as something else. Signed
 * for the start of the signing window `now` falls in (see signingWindow), so it is the same URL
 * for the whole window.
 */
export function downloadUrl(
  storage: ObjectStorage,
  file: FileRecord,
  expiresInSeconds: number,
  now: number = Date.now(),
): Promise<string> {
  const rule = isKnownContentType(file.contentType) ? CONTENT_TYPES[file.contentType] : undefined;
  return storage.presignGet({
    key: file.key,
    expiresInSeconds,
    signedAt: signingWindow(now, expiresInSeconds).signedAt,
    responseContentType: rule?.downloadType ?? 'application/octet-stream',
    responseContentDisposition: contentDisposition(
      rule ? downloadName(file.filename, rule) : file.filename,
      rule?.inline ?? false,
    ),
  });
}

/**
 * The declared name, with the verified type's extension appended unless it already ends in one of
 * that type's extensions: `evil.html` verified as text/plain downloads as `evil.html.txt`, so
 * opening it from the downloads folder shows text, not a page.
 */
export function downloadName(filename: string, rule: Pick<ContentTypeRule, 'extension' | 'otherExtensions'>): string {
  const dot = filename.lastIndexOf('.');
  const extension = dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
  const known = [rule.extension, ...(rule.otherExtensions ?? [])];
  if (known.includes(extension)) return filename;
  // Names stay within 255 bytes, as filesystems need: a client that cuts a longer one from the end
  // would cut exactly the extension that makes it safe. Shorten the declared part instead.
  const suffix = `.${rule.extension}`;
  let room = MAX_NAME_BYTES - Buffer.byteLength(suffix);
  let stem = '';
  for (const char of filename) {
    room -= Buffer.byteLength(char);
    if (room < 0) break;
    stem += char;
  }
  return stem + suffix;
}

const MAX_NAME_BYTES = 255;

/** RFC 6266: an ASCII fallback for old clients plus the exact UTF-8 name (RFC 8187). */
export function contentDisposition(filename: string, inline: boolean): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Download URLs are signed as of the start of a window of half their lifetime: within a window
 * every read of a file gives the same URL (a browser's cached image stays valid, a normalized
 * cache sees no change), and a URL still has at least half its lifetime left when it is handed out.
 */
export function signingWindow(now: number, expiresInSeconds: number): { signedAt: Date; expiresAt: Date } {
  // Whole seconds: the signature's date has no finer resolution.
  const windowMs = Math.max(1, Math.floor(expiresInSeconds / 2)) * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  return { signedAt: new Date(start), expiresAt: new Date(start + expiresInSeconds * 1000) };
}
