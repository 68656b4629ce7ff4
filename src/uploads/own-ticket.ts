import type { Viewer } from '../auth/identity.ts';
import type { Database } from '../db/prisma.ts';
import { isUuid } from '../shared/ids.ts';
import { loadTicket, type TicketRecord } from './ticket-rows.ts';
import { reject, type Rejection } from './upload-model.ts';

export const NOT_FOUND = reject('NOT_FOUND', 'No upload ticket with this id belongs to you.');

/**
 * The viewer's ticket, or NOT_FOUND: someone else's ticket gets the same answer as no ticket, so
 * its existence is not revealed.
 */
export async function loadOwnTicket(db: Database, viewer: Viewer, ticketId: string): Promise<TicketRecord | Rejection> {
  const ticket = isUuid(ticketId) ? await loadTicket(db, ticketId) : null;
  return ticket && ticket.ownerId === viewer.id ? ticket : NOT_FOUND;
}

/** Why parts of this ticket can no longer be sent, or null while they can. */
export function closedForParts(ticket: TicketRecord): Rejection | null {
  if (ticket.status === 'CONFIRMED') return reject('ALREADY_SETTLED', 'This upload is already confirmed.');
  if (ticket.status === 'REJECTED') {
    return reject(ticket.rejectionReason === 'ABORTED' ? 'ABORTED' : 'ALREADY_SETTLED', 'This upload was given up.');
  }
  if (ticket.expiresAt.getTime() <= Date.now())
    return reject('TICKET_EXPIRED', 'The ticket expired; request a new upload.');
  return null;
}
