// Rows for the posts-page benchmark, written straight into PostgreSQL in a few set-based statements
// (seconds, not minutes): authors with avatars, posts newest first, each with its attachments.
// No objects are stored: a page only signs download URLs, which never asks the store.
import { withAdminClient } from '../../support/test-database.ts';

export interface PostsSeed {
  authors: number;
  posts: number;
  attachmentsPerPost: number;
}

/** The statements, in order, each with its parameters. */
const STATEMENTS: [sql: string, params: (seed: PostsSeed) => unknown[]][] = [
  [
    `INSERT INTO "User" (id, subject, name)
     SELECT gen_random_uuid(), 'author-' || i, 'Author ' || i FROM generate_series(1, $1::int) AS i`,
    (seed) => [seed.authors],
  ],
  // Every author has an avatar: a confirmed ticket, its File, and the link.
  [
    `WITH avatar AS (
       SELECT id AS user_id, gen_random_uuid() AS file_id FROM "User" WHERE subject LIKE 'author-%'
     ), ticket AS (
       INSERT INTO "UploadTicket" (id, "ownerId", purpose, key, filename, "contentType", "byteSize", status, "expiresAt", "settledAt")
       SELECT file_id, user_id, 'AVATAR', 'avatar/' || user_id || '/' || file_id || '.png', 'avatar.png', 'image/png', 2048,
              'CONFIRMED', now(), now()
       FROM avatar
     ), file AS (
       INSERT INTO "File" (id, "ticketId", "ownerId", key, filename, "contentType", "byteSize")
       SELECT file_id, file_id, user_id, 'avatar/' || user_id || '/' || file_id || '.png', 'avatar.png', 'image/png', 2048
       FROM avatar
     )
     UPDATE "User" SET "avatarId" = avatar.file_id FROM avatar WHERE "User".id = avatar.user_id`,
    () => [],
  ],
  // Posts one second apart, authors taken in turn.
  [
    `WITH author AS (SELECT id, row_number() OVER (ORDER BY subject) - 1 AS n FROM "User" WHERE subject LIKE 'author-%')
     INSERT INTO "Post" (id, title, "authorId", "createdAt")
     SELECT gen_random_uuid(), 'Post ' || i, author.id, now() - i * interval '1 second'
     FROM generate_series(1, $1::int) AS i JOIN author ON author.n = i % $2::int`,
    (seed) => [seed.posts, seed.authors],
  ],
  [
    `WITH attachment AS (
       SELECT p.id AS post_id, p."authorId" AS owner_id, position, gen_random_uuid() AS file_id
       FROM "Post" p CROSS JOIN generate_series(0, $1::int - 1) AS position
     ), ticket AS (
       INSERT INTO "UploadTicket" (id, "ownerId", purpose, "postId", key, filename, "contentType", "byteSize", status, "expiresAt", "settledAt")
       SELECT file_id, owner_id, 'POST_ATTACHMENT', post_id, 'post_attachment/' || post_id || '/' || file_id || '.pdf',
              'notes.pdf', 'application/pdf', 4096, 'CONFIRMED', now(), now()
       FROM attachment
     ), file AS (
       INSERT INTO "File" (id, "ticketId", "ownerId", key, filename, "contentType", "byteSize")
       SELECT file_id, file_id, owner_id, 'post_attachment/' || post_id || '/' || file_id || '.pdf', 'notes.pdf', 'application/pdf', 4096
       FROM attachment
     )
     INSERT INTO "PostAttachment" ("postId", "fileId", position) SELECT post_id, file_id, position FROM attachment`,
    (seed) => [seed.attachmentsPerPost],
  ],
];

export function seedPosts(databaseUrl: string, seed: PostsSeed): Promise<void> {
  return withAdminClient(databaseUrl, async (client) => {
    await client.query('BEGIN');
    for (const [sql, params] of STATEMENTS) await client.query(sql, params(seed));
    await client.query('COMMIT');
  });
}
