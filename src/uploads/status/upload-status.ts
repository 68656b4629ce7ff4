import type { Viewer } from '../../auth/identity.ts';
import type { Database } from '../../db/prisma.ts';
import type { ObjectStorage } from '../../storage/object-storage.ts';
import { FILE_FIELDS, toFileRecord } from '../file-rows.ts';
import { loadOwnTicket } from '../own-ticket.ts';
import { settledResult, type TicketRecord } from '../ticket-rows.ts';
import type { Rejection, UploadStatusRecord } from '../upload-model.ts';

type State = Pick<UploadStatusRecord, 'state' | 'rejection' | 'file'>;

/**
 * Where one of the viewer's uploads stands, for a client that lost track of it (a reload, a
 * crash). Reads only: a ticket past its expiry is reported EXPIRED and left for confirmUpload or
 * the sweeper to settle. A pending single-request upload costs one HEAD of its staged object.
 */
export async function uploadStatus(
  deps: { db: Database; storage: ObjectStorage },
  viewer: Viewer,
  ticketId: string,
): Promise<UploadStatusRecord | Rejection> {
  const ticket = await loadOwnTicket(deps.db, viewer, ticketId);
  if ('kind' in ticket) return ticket;
  const { id, purpose, filename, byteSize, expiresAt } = ticket;
  return { kind: 'upload-status', id, purpose, filename, byteSize, expiresAt, ...(await stateOf(deps, ticket)) };
}

async function stateOf(deps: { db: Database; storage: ObjectStorage }, ticket: TicketRecord): Promise<State> {
  const none = { rejection: null, file: null };
  switch (ticket.status) {
    case 'CONFIRMED': {
      // A file removed since (e.g. removeAttachment) is no longer offered: its object is gone.
      const file = await deps.db.file.findFirst({
        where: { ticketId: ticket.id, detachedAt: null },
        select: FILE_FIELDS,
      });
      return { ...none, state: 'CONFIRMED', file: file && toFileRecord(file) };
    }
    case 'REJECTED': {
      const settled = settledResult(ticket);
      return { ...none, state: 'REJECTED', rejection: settled?.kind === 'rejected' ? settled : null };
    }
    case 'PENDING':
      if (ticket.expiresAt.getTime() <= Date.now()) return { ...none, state: 'EXPIRED' };
      // The parts of a multipart upload become an object only when confirmUpload assembles them.
      if (ticket.method === 'MULTIPART') return { ...none, state: 'PENDING' };
      return { ...none, state: (await deps.storage.head(ticket.key)) ? 'UPLOADED' : 'PENDING' };
    default: {
      const unknown: never = ticket.status;
      throw new Error(`Unknown ticket status ${String(unknown)}`);
    }
  }
}
