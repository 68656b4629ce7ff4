import type { Viewer } from '../../auth/identity.ts';
import type { Database } from '../../db/prisma.ts';
import type { ValidatedUpload } from './ticket-request.ts';
import { reject, type Rejection } from '../upload-model.ts';
import { isForeignKeyViolation } from '../../db/database-errors.ts';
import { quotaRejection, type UserLimits, type UserUsage } from './user-quota.ts';

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
 * Records the PENDING ticket if the user is within their limits, in one statement: the database
 * function `issue_upload_ticket` (migration serialised_user_quota) locks the user's quota, counts
 * their usage and inserts, so the limits hold exactly however many requests of one user race, and
 * returns the usage it decided on, so a refusal names the limit that was actually reached. Issuing
 * a ticket is the hot path of every upload: one round trip.
 */
export async function insertTicketWithinQuota(
  db: Pick<Database, '$queryRaw'>,
  limits: UserLimits,
  viewer: Viewer,
  upload: ValidatedUpload,
  ticket: NewTicketRow,
): Promise<Rejection | null> {
  const byteSize = BigInt(upload.byteSize);
  const rows = db.$queryRaw<(UserUsage & { inserted: boolean })[]>`
    SELECT pending, bytes, inserted FROM issue_upload_ticket(
      ${ticket.id}::uuid, ${viewer.id}::uuid, ${upload.purpose}::"UploadPurpose", ${upload.postId}::uuid,
      ${ticket.key}, ${upload.filename}, ${upload.contentType}, ${byteSize}::bigint,
      ${ticket.method}::"UploadMethod", ${ticket.uploadId ?? null},
      ${ticket.partSize === undefined ? null : BigInt(ticket.partSize)}::bigint, ${ticket.partCount ?? null}::int,
      ${upload.checksumSha256}, ${upload.contentMd5}, ${ticket.expiresAt}::timestamptz,
      ${limits.maxPendingPerUser}::int, ${BigInt(limits.maxBytesPerUserPerDay)}::bigint,
      make_interval(secs => ${limits.pendingWindowSeconds}), ${new Date()}::timestamptz)`;
  let result: (UserUsage & { inserted: boolean }) | undefined;
  try {
    [result] = await rows;
  } catch (error) {
    // The post was checked before, then deleted while this ticket was being issued.
    if (upload.postId && isForeignKeyViolation(error)) return reject('TARGET_NOT_FOUND', 'The post no longer exists.');
    throw error;
  }
  if (!result) throw new Error('The ticket insert returned no usage row');
  if (result.inserted) return null;
  const refusal = quotaRejection(limits, result, upload.byteSize);
  if (!refusal) throw new Error('The ticket insert was refused within the limits');
  return refusal;
}
