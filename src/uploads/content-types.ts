/**
 * Every content type the service accepts, with what it needs to know about each: the storage key
 * extension, whether browsers may show it inline, and how to recognise its bytes.
 */
export interface ContentTypeRule {
  extension: string;
  /** Other extensions a file of this type commonly has: a download name keeps them. */
  otherExtensions?: readonly string[];
  /** Images render inline; everything else downloads as an attachment. */
  inline: boolean;
  /** Content-Type of downloads (text gets its verified charset). */
  downloadType: string;
  /** Whether the first bytes of a file can be this type. */
  matches(start: Uint8Array, fileSize: number): boolean;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  signature.every((byte, index) => bytes[offset + index] === byte);
const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));

export const CONTENT_TYPES = {
  'image/png': {
    extension: 'png',
    inline: true,
    downloadType: 'image/png',
    matches: (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  'image/jpeg': {
    extension: 'jpg',
    otherExtensions: ['jpeg', 'jpe'],
    inline: true,
    downloadType: 'image/jpeg',
    matches: (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]),
  },
  'image/gif': {
    extension: 'gif',
    inline: true,
    downloadType: 'image/gif',
    matches: (bytes) => startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a')),
  },
  'image/webp': {
    extension: 'webp',
    inline: true,
    downloadType: 'image/webp',
    matches: (bytes) => startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8),
  },
  'application/pdf': {
    extension: 'pdf',
    inline: false,
    downloadType: 'application/pdf',
    matches: (bytes) => startsWith(bytes, ascii('%PDF-')),
  },
  'text/plain': {
    extension: 'txt',
    otherExtensions: ['text'],
    inline: false,
    downloadType: 'text/plain; charset=utf-8',
    matches: (bytes, fileSize) => isUtf8Text(bytes, bytes.length < fileSize),
  },
  'video/mp4': {
    extension: 'mp4',
    inline: false,
    downloadType: 'video/mp4',
    // ISO base media: a box of type `ftyp` first, with any brand but QuickTime's.
    matches: (bytes) => startsWith(bytes, ascii('ftyp'), 4) && !startsWith(bytes, ascii('qt  '), 8),
  },
  'video/quicktime': {
    extension: 'mov',
    otherExtensions: ['qt'],
    inline: false,
    downloadType: 'video/quicktime',
    matches: (bytes) =>
      startsWith(bytes, ascii('ftypqt  '), 4) ||
      ['moov', 'mdat', 'wide', 'free'].some((atom) => startsWith(bytes, ascii(atom), 4)),
  },
  'video/webm': {
    extension: 'webm',
    inline: false,
    downloadType: 'video/webm',
    matches: (bytes) => startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3]), // EBML header
  },
} as const satisfies Record<string, ContentTypeRule>;

export type KnownContentType = keyof typeof CONTENT_TYPES;

export function isKnownContentType(value: string): value is KnownContentType {
  return Object.hasOwn(CONTENT_TYPES, value);
}

/**
 * UTF-8 without NUL bytes. When only the start of a longer file was read, a multi-byte character
 * cut off by the end of the window is not an error (streaming decode keeps it pending).
 */
function isUtf8Text(bytes: Uint8Array, truncated: boolean): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
    return true;
  } catch {
    return false;
  }
}
