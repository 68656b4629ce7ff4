import { isKnownContentType, type KnownContentType } from './content-types.ts';

const TOKEN = '[a-z0-9!#$&^_.+-]+';
const MEDIA_TYPE = new RegExp(`^(${TOKEN}/${TOKEN})\\s*(?:;\\s*(.*))?$`);

/**
 * Reads a declared content type: case-insensitive, surrounding spaces ignored, and the one
 * parameter that changes nothing about the bytes we accept (`charset=utf-8` on text) allowed.
 * Returns the bare type the upload is pinned to, or null when it is not one we accept.
 */
export function parseDeclaredContentType(declared: string): KnownContentType | null {
  const match = MEDIA_TYPE.exec(declared.trim().toLowerCase());
  const essence = match?.[1];
  if (!essence || !isKnownContentType(essence)) return null;
  const parameters = match[2]?.trim();
  if (parameters && !(essence === 'text/plain' && /^charset="?utf-8"?$/.test(parameters))) return null;
  return essence;
}
