import type { Database } from '../db/prisma.ts';
import type { KnownContentType } from './content-types.ts';
import type { UploadTicket } from '../generated/prisma/client.ts';
import { toFileRecord, type FileRow } from './file-rows.ts';
import type { UploadPurpose } from './purposes.ts';
import { reject, type ConfirmUploadResult } from './upload-model.ts';

type TicketColumns =
  | 'id'
  | 'ownerId'
  | 'postId'
  | 'key'
  | 'filename'
  | 'method'
  | 'uploadId'
  | 'partCount'
  | 'checksumSha256'
  | 'contentMd5'
  | 'status'
  | 'rejectionReason'
  | 'expiresAt';

export interface TicketRecord extends Pick<UploadTicket, TicketColumns> {
  byteSize: number;
  partSize: number | null;
  contentType: KnownContentType;
  purpose: UploadPurpose;
  /** Only a confirmed ticket has one. */
  file: FileRow | null;
}

/** As the statement returns it: int8 as text (the driver's choice), the file's columns prefixed. */
interface LoadedRow extends Pick<UploadTicket, TicketColumns | 'purpose' | 'contentType'> {
  byteSize: string;
  partSize: string | null;
  fileId: string | null;
  fileOwnerId: string;
  fileKey: string;
  fileFilename: string;
  fileContentType: string;
  fileByteSize: string;
  fileCreatedAt: Date;
  fileChecksumSha256: string | null;
  fileContentMd5: string | null;
}

/**
 * The ticket and, once it is confirmed, its file: one prepared statement, as every confirm and
 * status query starts with it (Prisma's two statements for this cost about three times the CPU).
 */
const LOAD_TICKET = `SELECT t.id, t."ownerId", t.purpose, t."postId", t.key, t.filename, t."contentType",
    t."byteSize", t.method, t."uploadId", t."partSize", t."partCount", t."checksumSha256", t."contentMd5",
    t.status, t."rejectionReason", t."expiresAt",
    f.id AS "fileId", f."ownerId" AS "fileOwnerId", f.key AS "fileKey", f.filename AS "fileFilename",
    f."contentType" AS "fileContentType", f."byteSize" AS "fileByteSize", f."createdAt" AS "fileCreatedAt",
    f."checksumSha256" AS "fileChecksumSha256", f."contentMd5" AS "fileContentMd5"
  FROM "UploadTicket" t LEFT JOIN "File" f ON t.status = 'CONFIRMED' AND f."ticketId" = t.id
  WHERE t.id = $1::uuid`;

export async function loadTicket(db: Pick<Database, '$prepared'>, id: string): Promise<TicketRecord | null> {
  const [row] = await db.$prepared.query<LoadedRow>('load_ticket', LOAD_TICKET, [id]);
  if (!row) return null;
  const { fileId, fileOwnerId, fileKey, fileFilename, fileContentType, fileByteSize, fileCreatedAt, ...rest } = row;
  const { fileChecksumSha256, fileContentMd5, ...ticket } = rest;
  const file: FileRow | null = fileId
    ? {
        id: fileId,
        ownerId: fileOwnerId,
        key: fileKey,
        filename: fileFilename,
        contentType: fileContentType,
        byteSize: BigInt(fileByteSize),
        createdAt: fileCreatedAt,
        checksumSha256: fileChecksumSha256,
        contentMd5: fileContentMd5,
      }
    : null;
  return {
    ...ticket,
    // Validated when the ticket was issued.
    contentType: ticket.contentType as KnownContentType,
    // Sizes fit in a double exactly (at most 5 TiB).
    byteSize: Number(ticket.byteSize),
    partSize: ticket.partSize === null ? null : Number(ticket.partSize),
    file,
  };
}

/** The ticket's final answer as stored now; null while it is PENDING or when it is gone. */
export async function loadSettledResult(
  db: Pick<Database, '$prepared'>,
  id: string,
): Promise<ConfirmUploadResult | null> {
  const ticket = await loadTicket(db, id);
  return ticket && settledResult(ticket);
}

/** The final answer of a ticket that is no longer PENDING, or null while it is. */
export function settledResult(
  ticket: Pick<TicketRecord, 'status' | 'rejectionReason' | 'file' | 'postId'>,
): ConfirmUploadResult | null {
  switch (ticket.status) {
    case 'PENDING':
      return null;
    case 'CONFIRMED':
      if (!ticket.file) throw new Error('A confirmed ticket has no file row');
      return { kind: 'confirmed', file: toFileRecord(ticket.file), postId: ticket.postId };
    case 'REJECTED':
      return reject(
        ticket.rejectionReason ?? 'CONTENT_MISMATCH',
        'This ticket was rejected before; request a new upload.',
      );
    default: {
      const unknown: never = ticket.status;
      throw new Error(`Unknown ticket status ${String(unknown)}`);
    }
  }
}
