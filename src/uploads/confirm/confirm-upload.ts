import type { Viewer } from '../../auth/identity.ts';
import type { Database } from '../../db/prisma.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ObjectStorage } from '../../storage/object-storage.ts';
import type { DeferredDeletes } from '../cleanup/deferred-deletes.ts';
import { commitConfirmation } from './confirm-transaction.ts';
import { deleteObjects } from '../cleanup/object-cleanup.ts';
import { giveUpTicket } from '../cleanup/give-up-ticket.ts';
import { assembleParts } from '../multipart/parts.ts';
import { loadOwnTicket } from '../own-ticket.ts';
import { discardCopies, promoteStagedObject } from './promote-object.ts';
import { loadSettledResult, settledResult, type TicketRecord } from '../ticket-rows.ts';
import { reject, type ConfirmUploadResult, type StoredRejectionReason } from '../upload-model.ts';
import { CHANGED, inspectStagedObject, verifyContent } from './verify-object.ts';

export interface ConfirmUploadDeps {
  db: Database;
  storage: ObjectStorage;
  logger: Logger;
  deferredDeletes: DeferredDeletes;
}

/**
 * Checks the staged object against the ticket, copies it server-side to a key no ticket can write
 * (pinned to the ETag it inspected), checks the copy's bytes and, if they match, records and links
 * the file in one transaction. Idempotent: a settled ticket always gives the same answer. Storage
 * is used before the transaction so no database lock is held during network calls.
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
    if (!assembly.ok) return refuse(deps, ticket, assembly);
  }

  const staged = await inspectStagedObject(deps.storage, ticket);
  if (!staged.ok) return refuse(deps, ticket, staged);

  const promotion = await promoteStagedObject(deps, ticket, staged.head);
  switch (promotion.kind) {
    case 'settled':
      return (await loadSettledResult(deps.db, ticket.id)) ?? reject('NOT_FOUND', 'The ticket is gone.');
    case 'changed':
      // The usual cause: a concurrent confirm won, committed and deleted the staged object.
      return (await loadSettledResult(deps.db, ticket.id)) ?? reject(CHANGED.reason, CHANGED.message);
    case 'promoted':
      break;
    default: {
      const unknown: never = promotion;
      throw new Error(`Unknown promotion ${String(unknown)}`);
    }
  }

  // From here on only the copy is read: it is what the File will point at, and nobody can write it.
  const verdict = await verifyContent(deps.storage, promotion, ticket).catch(async (error: unknown) => {
    // Nothing links the copy yet: delete it now rather than leave it to the sweeper for a day.
    // (A failed commit is not handled so: it may have committed, and its record says which.)
    await discardCopies(deps, [promotion.key]);
    throw error;
  });
  if (!verdict.ok) {
    await discardCopies(deps, [promotion.key]);
    return refuse(deps, ticket, verdict);
  }

  const { result, orphanedObjects, deferredDeletes = [] } = await commitConfirmation(deps.db, ticket, promotion);
  for (const object of deferredDeletes) await deps.deferredDeletes.add(object);
  await deleteObjects(deps, orphanedObjects);
  return result;
}

/**
 * Not uploaded yet is the one refusal a client can fix by retrying: the ticket stays PENDING,
 * unless something settled it meanwhile (e.g. its post was deleted, which also deletes the staged
 * object): then that answer, which is final, rather than "retry".
 */
async function refuse(
  deps: ConfirmUploadDeps,
  ticket: TicketRecord,
  { reason, message }: { reason: StoredRejectionReason | 'NOT_UPLOADED'; message: string },
): Promise<ConfirmUploadResult> {
  if (reason === 'NOT_UPLOADED') return (await loadSettledResult(deps.db, ticket.id)) ?? reject(reason, message);
  return rejectTicket(deps, ticket, reason, message);
}

async function rejectTicket(
  deps: ConfirmUploadDeps,
  ticket: TicketRecord,
  reason: StoredRejectionReason,
  message: string,
): Promise<ConfirmUploadResult> {
  return (await giveUpTicket(deps, ticket, reason)) ?? reject(reason, message);
}
