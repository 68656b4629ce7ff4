import type { Database } from '../db/prisma.ts';
import type { KnownContentType } from './content-types.ts';
import { FILE_FIELDS, toFileRecord } from './file-rows.ts';
import type { UploadPurpose } from './purposes.ts';
import { reject, type ConfirmUploadResult, type RejectionReason } from './upload-model.ts';

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
  checksumSha256: true,
  contentMd5: true,
  status: true,
  rejectionReason: true,
  expiresAt: true,
  file: { select: FILE_FIELDS },
} as const;

type TicketRow = NonNullable<Awaited<ReturnType<typeof findTicket>>>;

export interface TicketRecord extends Omit<TicketRow, 'byteSize' | 'contentType' | 'purpose'> {
  byteSize: number;
  contentType: KnownContentType;
  purpose: UploadPurpose;
}

function findTicket(db: Pick<Database, 'uploadTicket'>, id: string) {
  return db.uploadTicket.findUnique({ where: { id }, select: TICKET_FIELDS });
}

export async function loadTicket(db: Pick<Database, 'uploadTicket'>, id: string): Promise<TicketRecord | null> {
  const row = await findTicket(db, id);
  // The content type was validated against the registry when the ticket was issued.
  return row ? { ...row, byteSize: Number(row.byteSize), contentType: row.contentType as KnownContentType } : null;
}

/** The final answer of a ticket that is no longer PENDING, or null while it is. */
export function settledResult(
  ticket: Pick<TicketRecord, 'status' | 'rejectionReason' | 'file'>,
): ConfirmUploadResult | null {
  switch (ticket.status) {
    case 'PENDING':
      return null;
    case 'CONFIRMED':
      if (!ticket.file) throw new Error('A confirmed ticket has no file row');
      return { kind: 'confirmed', file: toFileRecord(ticket.file) };
    case 'REJECTED':
      return reject(
        (ticket.rejectionReason ?? 'CONTENT_MISMATCH') as RejectionReason,
        'This ticket was rejected before; request a new upload.',
      );
    default: {
      const unknown: never = ticket.status;
      throw new Error(`Unknown ticket status ${String(unknown)}`);
    }
  }
}
