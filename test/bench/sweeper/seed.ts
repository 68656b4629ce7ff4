// Expired upload tickets for the sweeper benchmark: rows written in bulk (one INSERT … SELECT over
// generate_series), objects stored for a share of them and unfinished multipart uploads for a few,
// as abandoned uploads leave them. Keys are numbered, so the benchmark knows them without asking.
import { CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { withAdminClient } from '../../support/test-database.ts';
import { BUCKET } from '../harness/stack.ts';
import { inPool } from '../harness/pool.ts';

export interface SweepSeed {
  tickets: number;
  /** Tickets 1..withObjects have an object in the store (their upload happened, the confirm never did). */
  withObjects: number;
  /** The next ones are unfinished multipart uploads with one part stored. */
  multipart: number;
  /** Every n-th ticket was rejected (not expired) long ago and its object is still to delete. */
  rejectedEvery: number;
}

const UPLOAD_CONCURRENCY = 32;
const OBJECT = new Uint8Array(1024).fill(7);

export function ticketKey(prefix: string, n: number): string {
  return `${prefix}/t-${n}.png`;
}

/** Seeds the tickets under `prefix`; returns the multipart uploads (key → upload id). */
export async function seedExpiredTickets(
  databaseUrl: string,
  s3: S3Client,
  prefix: string,
  seed: SweepSeed,
): Promise<Map<string, string>> {
  const uploads = await storeObjects(s3, prefix, seed);
  await withAdminClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "User" (id, subject, name) VALUES (gen_random_uuid(), 'sweep-owner', 'Sweep owner')
       ON CONFLICT (subject) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    );
    await client.query(
      `INSERT INTO "UploadTicket" (id, "ownerId", purpose, key, filename, "contentType", "byteSize", status,
                                   "expiresAt", "createdAt")
       SELECT gen_random_uuid(), $1::uuid, 'AVATAR', $2 || '/t-' || n || '.png', 'avatar.png', 'image/png', 1024,
              'PENDING', now() - interval '2 days', now() - interval '2 days'
       FROM generate_series(1, $3::int) AS n`,
      [rows[0]!.id, prefix, seed.tickets],
    );
    // The reason as a bare literal in an UPDATE: it takes the column's type, whichever that is.
    await client.query(
      `UPDATE "UploadTicket" SET status = 'REJECTED', "rejectionReason" = 'CONTENT_MISMATCH', "settledAt" = "expiresAt"
       WHERE starts_with(key, $1 || '/t-') AND substring(key FROM '/t-([0-9]+)[.]png$')::int % $2::int = 0`,
      [prefix, seed.rejectedEvery],
    );
    await client.query(
      `UPDATE "UploadTicket" SET method = 'MULTIPART', "uploadId" = upload.id
       FROM unnest($1::text[], $2::text[]) AS upload(key, id) WHERE "UploadTicket".key = upload.key`,
      [[...uploads.keys()], [...uploads.values()]],
    );
  });
  return uploads;
}

/** The objects of the first tickets, then the unfinished multipart uploads of the next ones. */
async function storeObjects(s3: S3Client, prefix: string, seed: SweepSeed): Promise<Map<string, string>> {
  const numbers = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  await inPool(numbers(1, seed.withObjects), UPLOAD_CONCURRENCY, (n) =>
    s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: ticketKey(prefix, n), Body: OBJECT, ContentType: 'image/png' }),
    ),
  );
  const uploads = new Map<string, string>();
  await inPool(numbers(seed.withObjects + 1, seed.multipart), UPLOAD_CONCURRENCY, async (n) => {
    const Key = ticketKey(prefix, n);
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key, ContentType: 'image/png' }),
    );
    await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber: 1, Body: OBJECT }));
    uploads.set(Key, UploadId!);
  });
  return uploads;
}
