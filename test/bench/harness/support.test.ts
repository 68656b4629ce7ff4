import { describe, expect, test } from '@jest/globals';
import { inPool } from './pool.ts';
import { countKinds, statementKind } from './sql-kinds.ts';

describe('SQL statement kinds', () => {
  test('verb and table, as Prisma and raw queries write them', () => {
    expect(statementKind('SELECT "public"."UploadTicket"."id" FROM "public"."UploadTicket" WHERE id = $1')).toBe(
      'SELECT UploadTicket',
    );
    expect(statementKind('\n  SELECT status FROM "UploadTicket" WHERE id = $1::uuid FOR UPDATE')).toBe(
      'SELECT UploadTicket FOR UPDATE',
    );
    expect(statementKind('INSERT INTO "public"."File" ("id") VALUES ($1)')).toBe('INSERT File');
    expect(statementKind('UPDATE "public"."User" SET "avatarId" = $1')).toBe('UPDATE User');
    expect(statementKind('COMMIT')).toBe('COMMIT');
  });

  test('counts per kind, divided per request, most frequent first', () => {
    const statements = ['COMMIT', 'SELECT 1 FROM "Post"', 'SELECT 1 FROM "Post"', 'COMMIT', 'SELECT 1 FROM "Post"'];
    expect(countKinds(statements, 2)).toEqual([
      ['SELECT Post', 1.5],
      ['COMMIT', 1],
    ]);
  });
});

describe('inPool', () => {
  test('keeps item order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await inPool([30, 10, 20, 5, 15], 2, async (delay, index) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      running--;
      return index;
    });
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});
