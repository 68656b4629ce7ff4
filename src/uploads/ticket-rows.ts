import type { Database } from '../db/prisma.ts';
import type { KnownContentType } from './content-types.ts';
import { FILE_FIELDS, toFileRecord, type FileRow } from './file-rows.ts';
import type { UploadPurpose } from './purposes.ts';
import { reject, type ConfirmUploadResult } from './upload-model.ts';

export const TICKET_FIELDS = {
  id: true,
  ownerId: true,
  purpose: true,
  postId: true,
  key: true,
  filename: true,
  contentType: true,
  byteSize: true,
  method: true,
  uploadId: true,
  partSize: true,
  partCount: true,
  checksumSha256: true,
  contentMd5: true,
  status: true,
  rejectionReason: true,
  expiresAt: true,
} as const;

type TicketRow = NonNullable<Awaited<ReturnType<typeof findTicket>>> & { file: FileRow | null };

export interface TicketRecord extends Omit<TicketRow, 'byteSize' | 'partSize' | 'contentType' | 'purpose'> {
  byteSize: number;
  partSize: number | null;
  contentType: KnownContentType;
  purpose: UploadPurpose;
}

function findTicket(db: Pick<Database, 'uploadTicket'>, id: string) {
  return db.uploadTicket.findUnique({ where: { id }, select: TICKET_FIELDS });
}

export async function loadTicket(
  db: Pick<Database, 'uploadTicket' | 'file'>,
  id: string,
): Promise<TicketRecord | null> {
  const ticket = await findTicket(db, id);
  if (!ticket) return null;
  // Only a confirmed ticket has a file: reading it for every ticket cost a statement per confirm.
  const file =
    ticket.status === 'CONFIRMED' ? await db.file.findUnique({ where: { ticketId: id }, select: FILE_FIELDS }) : null;
  const row = { ...ticket, file };
  // Sizes fit in a double exactly (at most 5 TiB); the content type was validated when issued.
  const partSize = row.partSize === null ? null : Number(row.partSize);
  return { ...row, byteSize: Number(row.byteSize), partSize, contentType: row.contentType as KnownContentType };
}

/** The ticket's final answer as stored now; null while it is PENDING or when it is gone. */
export async function loadSettledResult(
  db: Pick<Database, 'uploadTicket' | 'file'>,
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
