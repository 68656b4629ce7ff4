import type { Viewer } from '../../auth/identity.ts';
import { newId } from '../../shared/ids.ts';
import { issueMultipartTicket } from '../multipart/start-upload.ts';
import { stagingKey } from '../storage-keys.ts';
import type { IssuedMultipartTicket, IssuedPutTicket, IssuedTicket, Rejection } from '../upload-model.ts';
import { insertTicketWithinQuota } from './ticket-insert.ts';
import type { IssueDeps, ValidatedUpload } from './ticket-request.ts';

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
