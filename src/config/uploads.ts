// Ticket lifetimes, per-user limits and multipart sizes of the upload feature.
import { readInt, type Env } from './env-readers.ts';
import { GiB, MiB, WEEK_SECONDS } from './units.ts';

export interface UploadSettings {
  ticketTtlSeconds: number;
  /** Multipart tickets live longer: a large upload takes time (part URLs stay short-lived). */
  multipartTicketTtlSeconds: number;
  downloadUrlTtlSeconds: number;
  maxPendingPerUser: number;
  /** How long a single-request ticket counts as pending (see uploads/request/user-quota.ts). */
  pendingWindowSeconds: number;
  maxBytesPerUserPerDay: number;
  /** Files larger than this are uploaded in parts. */
  multipartThresholdBytes: number;
  /** Preferred part size; raised for files that would otherwise need more than 10,000 parts. */
  multipartPartSizeBytes: number;
}

export function readUploadSettings(env: Env): UploadSettings {
  return {
    ...readTicketLifetimes(env),
    downloadUrlTtlSeconds: readInt(env, 'DOWNLOAD_URL_TTL_SECONDS', 300, 10, WEEK_SECONDS),
    maxPendingPerUser: readInt(env, 'MAX_PENDING_UPLOADS_PER_USER', 50, 1, 100_000),
    pendingWindowSeconds: readInt(env, 'PENDING_UPLOAD_WINDOW_SECONDS', 120, 10, WEEK_SECONDS),
    maxBytesPerUserPerDay: readInt(env, 'MAX_UPLOAD_BYTES_PER_USER_PER_DAY', 10 * GiB, 1, Number.MAX_SAFE_INTEGER),
    multipartThresholdBytes: readInt(env, 'MULTIPART_THRESHOLD_BYTES', 100 * MiB, 5 * MiB, 5 * GiB),
    // S3 allows parts of 5 MiB to 5 GiB (the last may be smaller).
    multipartPartSizeBytes: readInt(env, 'MULTIPART_PART_SIZE_BYTES', 16 * MiB, 5 * MiB, 5 * GiB),
  };
}

/** How long POST/PUT tickets and multipart tickets live: the uploads use them, the sweeper their maximum. */
export function readTicketLifetimes(env: Env): Pick<UploadSettings, 'ticketTtlSeconds' | 'multipartTicketTtlSeconds'> {
  return {
    ticketTtlSeconds: readInt(env, 'TICKET_TTL_SECONDS', 300, 10, WEEK_SECONDS),
    multipartTicketTtlSeconds: readInt(env, 'MULTIPART_TICKET_TTL_SECONDS', 24 * 3600, 60, WEEK_SECONDS),
  };
}
