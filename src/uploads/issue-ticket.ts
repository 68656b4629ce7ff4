import type { Viewer } from '../auth/identity.ts';
import type { Database } from '../db/prisma.ts';
import { newId } from '../shared/ids.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import type { KnownContentType } from './content-types.ts';
import type { UploadPurpose } from './purposes.ts';
import { stagingKey } from './storage-keys.ts';
import { insertTicketWithinQuota } from './ticket-insert.ts';
import type { IssuedMultipartTicket, IssuedPutTicket, IssuedTicket, Rejection } from './upload-model.ts';
import type { UserLimits } from './user-quota.ts';

/** A request that passed every check: what the ticket will allow, exactly. */
export interface ValidatedUpload {
  purpose: UploadPurpose;
  postId: string | null;
  filename: string;
  contentType: KnownContentType;
  byteSize: number;
  method: 'POST' | 'PUT';
  checksumSha256: string | null;
  contentMd5: string | null;
}

export interface IssueDeps extends UserLimits {
  db: Database;
  storage: ObjectStorage;
  ticketTtlSeconds: number;
  multipartThresholdBytes: number;
  multipartPartSizeBytes: number;
  multipartTicketTtlSeconds: number;
}

/**
 * Signs the upload (a form POST or a PUT, pinned to key, type, size, expiry and declared MD5) and
 * records the PENDING ticket, unless the user's limits are reached (then nothing is written). The
 * server makes the key; the filename never reaches it.
 */
export async function issueTicket(
  deps: IssueDeps,
  viewer: Viewer,
  upload: ValidatedUpload,
): Promise<IssuedTicket | IssuedPutTicket | IssuedMultipartTicket | Rejection> {
  const id = newId();
  const key = stagingKey({ purpose: upload.purpose, ownerId: viewer.id, contentType: upload.contentType }, id);
  if (upload.byteSize > deps.multipartThresholdBytes) return issueMultipartTicket(deps, viewer, upload, id, key);
  const signing = {
    key,
    contentType: upload.contentType,
    byteSize: upload.byteSize,
    expiresInSeconds: deps.ticketTtlSeconds,
    contentMd5: upload.contentMd5 ?? undefined,
  };
  const signed =
    upload.method === 'PUT'
      ? await deps.storage.presignPut({ ...signing, checksumSha256: upload.checksumSha256 ?? undefined })
      : await deps.storage.presignPost(signing);
  const refusal = await insertTicketWithinQuota(deps.db, deps, viewer, upload, {
    id,
    key,
    method: upload.method,
    expiresAt: signed.expiresAt,
  });
  if (refusal) return refusal;
  const common = { id, url: signed.url, key, expiresAt: signed.expiresAt, byteSize: upload.byteSize };
  return 'headers' in signed
    ? { kind: 'put-ticket', ...common, headers: signed.headers }
    : { kind: 'ticket', ...common, fields: signed.fields };
}

const MiB = 1024 * 1024;
const MAX_PARTS = 10_000; // S3's limit

/** The configured part size, raised (in whole MiB) when the file would need more than 10,000 parts. */
export function partLayout(byteSize: number, preferredPartSize: number): { partSize: number; partCount: number } {
  const smallest = Math.ceil(Math.ceil(byteSize / MAX_PARTS) / MiB) * MiB;
  const partSize = Math.max(preferredPartSize, smallest);
  return { partSize, partCount: Math.ceil(byteSize / partSize) };
}

/**
 * Starts the store's multipart upload and records it. Part URLs are signed later, in batches
 * (signUploadParts), so the ticket itself carries no URL and can outlive any one of them.
 */
async function issueMultipartTicket(
  deps: IssueDeps,
  viewer: Viewer,
  upload: ValidatedUpload,
  id: string,
  key: string,
): Promise<IssuedMultipartTicket | Rejection> {
  const layout = partLayout(upload.byteSize, deps.multipartPartSizeBytes);
  const uploadId = await deps.storage.createMultipartUpload(key, upload.contentType);
  const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + deps.multipartTicketTtlSeconds * 1000);
  const row = { id, key, method: 'MULTIPART' as const, expiresAt, uploadId, ...layout };
  // Refused or failed, no row would ever lead the sweeper to this upload: free it now. (A refusal
  // here means the user's own requests raced past the check made before starting the upload.)
  const refusal = await insertTicketWithinQuota(deps.db, deps, viewer, upload, row).catch(async (error: unknown) => {
    await deps.storage.abortMultipartUpload(key, uploadId).catch(() => undefined);
    throw error;
  });
  if (refusal) {
    await deps.storage.abortMultipartUpload(key, uploadId).catch(() => undefined);
    return refusal;
  }
  return { kind: 'multipart-ticket', id, key, byteSize: upload.byteSize, expiresAt, ...layout };
}
