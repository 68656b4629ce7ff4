import { InvalidInputError } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';

/** Where a page of posts (newest first) stops: the last post's creation time and id. */
export interface PostPosition {
  createdAt: Date;
  id: string;
}

// Opaque to clients on purpose (base64url), so the ordering can change without breaking them.
export function encodeCursor({ createdAt, id }: PostPosition): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

// Exactly what encodeCursor writes: Date also parses signed six-digit years and year 0, which
// PostgreSQL refuses (22007, 22008), so anything else is refused here as malformed.
const CURSOR_TIME = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function decodeCursor(cursor: string): PostPosition {
  const [time = '', id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(time);
  const exact = CURSOR_TIME.test(time) && !Number.isNaN(createdAt.getTime()) && createdAt.toISOString() === time;
  if (rest.length > 0 || !id || !isUuid(id) || !exact) {
    throw new InvalidInputError('`after` is not a cursor returned by this API.', 'after');
  }
  return { createdAt, id };
}
