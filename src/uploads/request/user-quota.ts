import type { Viewer } from '../../auth/identity.ts';
import type { Database } from '../../db/prisma.ts';
import { Prisma } from '../../generated/prisma/client.ts';
import { reject, type Rejection } from '../upload-model.ts';

/**
 * Per-user limits, so one account cannot hoard tickets or storage. Exact under concurrency: the
 * ticket insert serialises one user's requests (ticket-insert.ts); the check below only refuses
 * early, before work that the insert would otherwise throw away.
 */
export interface UserLimits {
  /** Live PENDING tickets one user may hold. */
  maxPendingPerUser: number;
  /**
   * How long after it was issued a single-request (POST, PUT) ticket counts as pending: an upload
   * that failed without the client giving the ticket up stops holding a place after this, not at
   * expiry. Multipart tickets count until they expire (their uploads take long; the client gives
   * them up when it aborts).
   */
  pendingWindowSeconds: number;
  /** Bytes one user may request in 24 hours. */
  maxBytesPerUserPerDay: number;
}

/** A user's live PENDING tickets and the bytes they requested in the last 24 hours. */
export interface UserUsage {
  pending: number;
  bytes: bigint;
}

/** The refusal for an upload of `byteSize` more bytes given `usage`, or null within the limits. */
export function quotaRejection(limits: UserLimits, usage: UserUsage, byteSize: number): Rejection | null {
  if (usage.pending >= limits.maxPendingPerUser) {
    return reject(
      'PENDING_LIMIT_REACHED',
      `You have ${limits.maxPendingPerUser} uploads in progress; finish or let some expire first.`,
    );
  }
  if (Number(usage.bytes) + byteSize > limits.maxBytesPerUserPerDay) {
    return reject('DAILY_BYTES_EXCEEDED', `You can upload at most ${limits.maxBytesPerUserPerDay} bytes in 24 hours.`);
  }
  return null;
}

/**
 * A query for the user's usage (`pending`, `bytes`): live = PENDING, not expired, and (unless
 * multipart) issued within the pending window; a day = the last 24 hours. The ticket insert's
 * database function counts the same way.
 */
function usageQuery(viewer: Viewer, limits: UserLimits): Prisma.Sql {
  const now = new Date();
  const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000);
  const windowStart = new Date(now.getTime() - limits.pendingWindowSeconds * 1000);
  return Prisma.sql`
    SELECT COUNT(*) FILTER (
             WHERE status = 'PENDING' AND "expiresAt" > ${now}
               AND (method = 'MULTIPART' OR "createdAt" > ${windowStart}))::int AS pending,
           COALESCE(SUM("byteSize") FILTER (WHERE "createdAt" > ${dayAgo}), 0)::bigint AS bytes
    FROM "UploadTicket"
    WHERE "ownerId" = ${viewer.id}::uuid AND ("createdAt" > ${dayAgo} OR status = 'PENDING')`;
}

/**
 * Checks the limits without writing (for the paths that must refuse before doing anything else:
 * starting a multipart upload on the store, checking an attachment target).
 */
export async function checkUserQuota(
  db: Database,
  limits: UserLimits,
  viewer: Viewer,
  byteSize: number,
): Promise<Rejection | null> {
  const [usage] = await db.$queryRaw<UserUsage[]>(usageQuery(viewer, limits));
  return quotaRejection(limits, usage ?? { pending: 0, bytes: 0n }, byteSize);
}
