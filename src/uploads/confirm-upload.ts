import type { Viewer } from '../auth/identity.ts';
import type { Database } from '../db/prisma.ts';
import type { Logger } from '../shared/logger.ts';
import { isUuid } from '../shared/ids.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { commitConfirmation } from './confirm-transaction.ts';
import { deleteObjects } from './object-cleanup.ts';
import { loadTicket, settledResult, type TicketRecord } from './ticket-rows.ts';
import { reject, type ConfirmUploadResult, type RejectionReason } from './upload-model.ts';
import { verifyStoredObject } from './verify-object.ts';

export interface ConfirmUploadDeps {
  db: Database;
  storage: ObjectStorage;
  logger: Logger;
}

const NOT_FOUND = reject('NOT_FOUND', 'No upload ticket with this id belongs to you.');

/**
 * Checks the stored object against the ticket and, if it matches, records and links the file in
 * one transaction. Idempotent: a settled ticket always gives the same answer. Storage is read
 * before the transaction so no database lock is held during network calls.
 */
export async function confirmUpload(
  deps: ConfirmUploadDeps,
  viewer: Viewer,
  ticketId: string,
): Promise<ConfirmUploadResult> {
  // Someone else's ticket gets the same answer as no ticket: its existence is not revealed.
  const ticket = isUuid(ticketId) ? await loadTicket(deps.db, ticketId) : null;
  if (!ticket || ticket.ownerId !== viewer.id) return NOT_FOUND;

  const settled = settledResult(ticket);
  if (settled) return settled;

  if (ticket.expiresAt.getTime() <= Date.now()) {
    return rejectTicket(
      deps,
      ticket,
      'TICKET_EXPIRED',
      'The ticket expired before it was confirmed; request a new upload.',
    );
  }

  const verdict = await verifyStoredObject(deps.storage, ticket);
  if (!verdict.ok) {
    // Not uploaded yet is the one refusal a client can fix by retrying: the ticket stays PENDING.
    if (verdict.reason === 'NOT_UPLOADED') return reject(verdict.reason, verdict.message);
    return rejectTicket(deps, ticket, verdict.reason, verdict.message);
  }

  const { result, orphanedObjects } = await commitConfirmation(deps.db, ticket, verdict.etag);
  await deleteObjects(deps, orphanedObjects);
  return result;
}

/**
 * Marks the ticket REJECTED for good, then deletes whatever was stored under its key. Only the
 * request that made the transition deletes, so a confirm that won a race is never undone.
 */
async function rejectTicket(
  deps: ConfirmUploadDeps,
  ticket: TicketRecord,
  reason: RejectionReason,
  message: string,
): Promise<ConfirmUploadResult> {
  const { count } = await deps.db.uploadTicket.updateMany({
    where: { id: ticket.id, status: 'PENDING' },
    data: { status: 'REJECTED', rejectionReason: reason, settledAt: new Date() },
  });
  if (count === 0) {
    const now = await loadTicket(deps.db, ticket.id);
    return (now && settledResult(now)) ?? NOT_FOUND;
  }
  await deleteObjects(deps, [{ key: ticket.key, owner: { kind: 'ticket', id: ticket.id } }]);
  return reject(reason, message);
}
