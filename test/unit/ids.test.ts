import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor } from '../../src/posts/post-cursor.ts';
import { isUuid, newId } from '../../src/shared/ids.ts';

describe('newId', () => {
  it('makes valid, unique UUIDv7s that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 10_000 }, () => newId());
    expect(ids.every(isUuid)).toBe(true);
    expect(ids.every((id) => id[14] === '7' && '89ab'.includes(id[19]!))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('post cursors', () => {
  it('round-trip', () => {
    const position = { createdAt: new Date('2026-11-22T10:00:00.123Z'), id: newId() };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each(['', 'garbage', Buffer.from('2026-01-01T00:00:00Z|not-a-uuid').toString('base64url')])(
    'rejects %j',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow('cursor');
    },
  );
});
