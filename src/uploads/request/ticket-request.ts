import type { Database } from '../../db/prisma.ts';
import type { ObjectStorage } from '../../storage/object-storage.ts';
import type { KnownContentType } from '../content-types.ts';
import type { UploadPurpose } from '../purposes.ts';
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
