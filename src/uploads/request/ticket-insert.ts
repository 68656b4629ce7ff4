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
  db: Pick<Database, '$prepared'>,
  limits: UserLimits,
  viewer: Viewer,
  upload: ValidatedUpload,
  ticket: NewTicketRow,
): Promise<Rejection | null> {
  // bigint columns come back from the driver as strings (exact); the usage reads them as bigint.
  const rows = db.$prepared.query<{ pending: number; bytes: string; inserted: boolean }>(
    'issue_upload_ticket',
    ISSUE_TICKET,
    [
      ticket.id,
      viewer.id,
      upload.purpose,
      upload.postId,
      ticket.key,
      upload.filename,
      upload.contentType,
      String(upload.byteSize),
      ticket.method,
      ticket.uploadId ?? null,
      ticket.partSize === undefined ? null : String(ticket.partSize),
      ticket.partCount ?? null,
      upload.checksumSha256,
      upload.contentMd5,
      // Instants as ISO strings: the driver formats a Date field by field in local time.
      ticket.expiresAt.toISOString(),
      limits.maxPendingPerUser,
      String(limits.maxBytesPerUserPerDay),
      limits.pendingWindowSeconds,
      new Date().toISOString(),
    ],
  );
  let result: (UserUsage & { inserted: boolean }) | undefined;
  try {
    const [row] = await rows;
    result = row && { ...row, bytes: BigInt(row.bytes) };
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

const ISSUE_TICKET = `SELECT pending, bytes, inserted FROM issue_upload_ticket(
  $1::uuid, $2::uuid, $3::"UploadPurpose", $4::uuid, $5, $6, $7, $8::bigint, $9::"UploadMethod", $10,
  $11::bigint, $12::int, $13, $14, $15::timestamptz, $16::int, $17::bigint, make_interval(secs => $18::int),
  $19::timestamptz)`;
