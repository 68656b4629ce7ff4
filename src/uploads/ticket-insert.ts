import type { Viewer } from '../auth/identity.ts';
import type { Database } from '../db/prisma.ts';
import type { ValidatedUpload } from './issue-ticket.ts';
import type { Rejection } from './upload-model.ts';
import { quotaRejection, usageQuery, type UserLimits, type UserUsage } from './user-quota.ts';

export interface NewTicketRow {
  id: string;
  key: string;
  method: 'POST' | 'PUT' | 'MULTIPART';
  expiresAt: Date;
  uploadId?: string;
  partSize?: number;
  partCount?: number;
}

/**
 * Records the PENDING ticket if the user is within their limits, in one statement: the usage
 * count and the INSERT … SELECT … WHERE share one snapshot, and the statement returns the usage it
 * decided on, so a refusal names the limit that was actually reached. Issuing a ticket is the hot
 * path of every upload: one round trip instead of a count and then an insert. The limits stay as
 * soft as before (see user-quota.ts): concurrent requests of one user each see the others' rows
 * only once committed.
 */
export async function insertTicketWithinQuota(
  db: Database,
  limits: UserLimits,
  viewer: Viewer,
  upload: ValidatedUpload,
  ticket: NewTicketRow,
): Promise<Rejection | null> {
  const byteSize = BigInt(upload.byteSize);
  const [result] = await db.$queryRaw<(UserUsage & { inserted: number })[]>`
    WITH usage AS (${usageQuery(viewer)}), inserted AS (
      INSERT INTO "UploadTicket" (
        "id", "ownerId", "purpose", "postId", "key", "filename", "contentType", "byteSize", "method",
        "uploadId", "partSize", "partCount", "checksumSha256", "contentMd5", "expiresAt")
      SELECT ${ticket.id}::uuid, ${viewer.id}::uuid, ${upload.purpose}::"UploadPurpose", ${upload.postId}::uuid,
             ${ticket.key}, ${upload.filename}, ${upload.contentType}, ${byteSize}::bigint,
             ${ticket.method}::"UploadMethod", ${ticket.uploadId ?? null},
             ${ticket.partSize === undefined ? null : BigInt(ticket.partSize)}::bigint,
             ${ticket.partCount ?? null}::int, ${upload.checksumSha256}, ${upload.contentMd5},
             ${ticket.expiresAt}::timestamptz
      FROM usage
      WHERE usage.pending < ${limits.maxPendingPerUser}
        AND usage.bytes + ${byteSize}::bigint <= ${BigInt(limits.maxBytesPerUserPerDay)}::bigint
      RETURNING 1
    )
    SELECT usage.pending, usage.bytes, (SELECT COUNT(*) FROM inserted)::int AS inserted FROM usage`;
  if (!result) throw new Error('The ticket insert returned no usage row');
  if (result.inserted === 1) return null;
  const refusal = quotaRejection(limits, result, upload.byteSize);
  if (!refusal) throw new Error('The ticket insert was refused within the limits');
  return refusal;
}
