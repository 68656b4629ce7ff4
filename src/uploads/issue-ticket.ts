import type { Viewer } from '../auth/identity.ts';
import type { Database } from '../db/prisma.ts';
import { newId } from '../shared/ids.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { CONTENT_TYPES, type KnownContentType } from './content-types.ts';
import { PURPOSES, type UploadPurpose } from './purposes.ts';
import type { IssuedPutTicket, IssuedTicket } from './upload-model.ts';

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
export async function issueTicket(
  deps: { db: Database; storage: ObjectStorage; ticketTtlSeconds: number },
  viewer: Viewer,
  upload: ValidatedUpload,
): Promise<IssuedTicket | IssuedPutTicket> {
  const id = newId();
  const key = `${PURPOSES[upload.purpose].keyPrefix}/${viewer.id}/${id}.${CONTENT_TYPES[upload.contentType].extension}`;
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
  await deps.db.uploadTicket.create({
    data: {
      id,
      ownerId: viewer.id,
      purpose: upload.purpose,
      postId: upload.postId,
      key,
      filename: upload.filename,
      contentType: upload.contentType,
      byteSize: BigInt(upload.byteSize),
      method: upload.method,
      checksumSha256: upload.checksumSha256,
      contentMd5: upload.contentMd5,
      expiresAt: signed.expiresAt,
    },
    select: { id: true },
  });
  const common = { id, url: signed.url, key, expiresAt: signed.expiresAt, byteSize: upload.byteSize };
  return 'headers' in signed
    ? { kind: 'put-ticket', ...common, headers: signed.headers }
    : { kind: 'ticket', ...common, fields: signed.fields };
}
