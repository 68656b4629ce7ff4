import type { Database } from '../../db/prisma.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ObjectStorage } from '../../storage/object-storage.ts';
import { deleteObjects } from './object-cleanup.ts';
import { NOT_FOUND } from '../own-ticket.ts';
import { loadSettledResult, type TicketRecord } from '../ticket-rows.ts';
import type { ConfirmUploadResult, Rejection, StoredRejectionReason } from '../upload-model.ts';

/**
 * Marks a PENDING ticket REJECTED for good, then deletes whatever was stored for it (the object,
 * or the parts of an unfinished multipart upload). Only the request that made the transition
 * deletes, so a confirm that won a race is never undone. Returns null when this request made the
 * transition, else the answer the ticket had already settled on.
 */
export async function giveUpTicket(
  deps: { db: Database; storage: ObjectStorage; logger: Logger },
  ticket: TicketRecord,
  reason: StoredRejectionReason,
): Promise<ConfirmUploadResult | Rejection | null> {
  const { count } = await deps.db.uploadTicket.updateMany({
    where: { id: ticket.id, status: 'PENDING' },
    data: { status: 'REJECTED', rejectionReason: reason, settledAt: new Date() },
  });
  if (count === 0) {
    return (await loadSettledResult(deps.db, ticket.id)) ?? NOT_FOUND;
  }
  await deleteObjects(deps, [{ key: ticket.key, owner: { kind: 'ticket', id: ticket.id }, uploadId: ticket.uploadId }]);
  return null;
}
