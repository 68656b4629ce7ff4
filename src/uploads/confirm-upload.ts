import type { Viewer } from '../auth/identity.ts';
import type { Database } from '../db/prisma.ts';
import type { Logger } from '../shared/logger.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { commitConfirmation } from './confirm-transaction.ts';
import { deleteObjects } from './object-cleanup.ts';
import { giveUpTicket } from './give-up-ticket.ts';
import { assembleParts } from './multipart.ts';
import { loadOwnTicket } from './own-ticket.ts';
import { settledResult, type TicketRecord } from './ticket-rows.ts';
import { reject, type ConfirmUploadResult, type RejectionReason } from './upload-model.ts';
import { verifyStoredObject } from './verify-object.ts';

export interface ConfirmUploadDeps {
  db: Database;
  storage: ObjectStorage;
  logger: Logger;
}

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
  const ticket = await loadOwnTicket(deps.db, viewer, ticketId);
  if ('kind' in ticket) return ticket;

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

  if (ticket.method === 'MULTIPART') {
    const assembly = await assembleParts(deps.storage, ticket);
    if (!assembly.ok && assembly.reason === 'NOT_UPLOADED') return reject(assembly.reason, assembly.message);
    if (!assembly.ok) return rejectTicket(deps, ticket, assembly.reason, assembly.message);
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

async function rejectTicket(
  deps: ConfirmUploadDeps,
  ticket: TicketRecord,
  reason: RejectionReason,
  message: string,
): Promise<ConfirmUploadResult> {
  return (await giveUpTicket(deps, ticket, reason)) ?? reject(reason, message);
}
