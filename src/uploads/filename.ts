export const MAX_FILENAME_BYTES = 255;

// C0 and C1 controls and DEL; bidirectional overrides and isolates, which can make
// "invoice‮fdp.exe" display as "invoiceexe.pdf".
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * Why a filename cannot be used for display and downloads, or null when it can. Filenames never
 * reach storage keys, but they do reach Content-Disposition headers and people's screens.
 */
export function filenameProblem(filename: string): string | null {
  if (filename.trim() === '') return 'The filename is empty.';
  if (!filename.isWellFormed()) return 'The filename is not valid Unicode.';
  if (Buffer.byteLength(filename, 'utf8') > MAX_FILENAME_BYTES) {
    return `The filename is longer than ${MAX_FILENAME_BYTES} bytes of UTF-8.`;
  }
  if (FORBIDDEN.test(filename)) return 'The filename contains control characters.';
  if (/[/\\]/.test(filename) || filename === '.' || filename === '..') {
    return 'The filename must be a name, not a path.';
  }
  return null;
}
