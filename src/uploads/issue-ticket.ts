import type { Viewer } from '../auth/identity.ts';
import type { Database } from '../db/prisma.ts';
import { newId } from '../shared/ids.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { CONTENT_TYPES, type KnownContentType } from './content-types.ts';
import { PURPOSES, type UploadPurpose } from './purposes.ts';
import type { IssuedMultipartTicket, IssuedPutTicket, IssuedTicket } from './upload-model.ts';

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

/**
 * Signs the upload (a form POST or a PUT, pinned to key, type, size, expiry and declared MD5) and
 * records the PENDING ticket. The server makes the key; the filename never reaches it.
 */
export interface IssueDeps {
  db: Database;
  storage: ObjectStorage;
  ticketTtlSeconds: number;
  multipartThresholdBytes: number;
  multipartPartSizeBytes: number;
  multipartTicketTtlSeconds: number;
}

export async function issueTicket(
  deps: IssueDeps,
  viewer: Viewer,
  upload: ValidatedUpload,
): Promise<IssuedTicket | IssuedPutTicket | IssuedMultipartTicket> {
  const id = newId();
  const key = `${PURPOSES[upload.purpose].keyPrefix}/${viewer.id}/${id}.${CONTENT_TYPES[upload.contentType].extension}`;
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
  await recordTicket(deps.db, viewer, upload, { id, key, method: upload.method, expiresAt: signed.expiresAt });
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
): Promise<IssuedMultipartTicket> {
  const layout = partLayout(upload.byteSize, deps.multipartPartSizeBytes);
  const uploadId = await deps.storage.createMultipartUpload(key, upload.contentType);
  const expiresAt = new Date(Math.floor(Date.now() / 1000) * 1000 + deps.multipartTicketTtlSeconds * 1000);
  try {
    await recordTicket(deps.db, viewer, upload, { id, key, method: 'MULTIPART', expiresAt, uploadId, ...layout });
  } catch (error) {
    // No row would ever lead the sweeper to this upload: free it now.
    await deps.storage.abortMultipartUpload(key, uploadId).catch(() => undefined);
    throw error;
  }
  return { kind: 'multipart-ticket', id, key, byteSize: upload.byteSize, expiresAt, ...layout };
}

async function recordTicket(
  db: Database,
  viewer: Viewer,
  upload: ValidatedUpload,
  ticket: {
    id: string;
    key: string;
    method: 'POST' | 'PUT' | 'MULTIPART';
    expiresAt: Date;
    uploadId?: string;
    partSize?: number;
    partCount?: number;
  },
): Promise<void> {
  await db.uploadTicket.create({
    data: {
      id: ticket.id,
      ownerId: viewer.id,
      purpose: upload.purpose,
      postId: upload.postId,
      key: ticket.key,
      filename: upload.filename,
      contentType: upload.contentType,
      byteSize: BigInt(upload.byteSize),
      method: ticket.method,
      uploadId: ticket.uploadId ?? null,
      partSize: ticket.partSize === undefined ? null : BigInt(ticket.partSize),
      partCount: ticket.partCount ?? null,
      checksumSha256: upload.checksumSha256,
      contentMd5: upload.contentMd5,
      expiresAt: ticket.expiresAt,
    },
    select: { id: true },
  });
}
