import type { Viewer } from '../../auth/identity.ts';
import { insertTicketWithinQuota } from '../request/ticket-insert.ts';
import type { IssueDeps, ValidatedUpload } from '../request/ticket-request.ts';
import type { IssuedMultipartTicket, Rejection } from '../upload-model.ts';

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
export async function issueMultipartTicket(
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
