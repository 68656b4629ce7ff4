import type { Viewer } from '../../auth/identity.ts';
import type { Database } from '../../db/prisma.ts';
import type { Logger } from '../../shared/logger.ts';
import type { ObjectStorage } from '../../storage/object-storage.ts';
import { giveUpTicket } from './give-up-ticket.ts';
import { loadOwnTicket } from '../own-ticket.ts';
import { reject, type Aborted, type Rejection } from '../upload-model.ts';

/**
 * Gives up the viewer's unconfirmed upload: the ticket becomes REJECTED (ABORTED) and its parts
 * or bytes are freed. Aborting again answers the same; a confirmed upload cannot be aborted.
 */
export async function abortUpload(
  deps: { db: Database; storage: ObjectStorage; logger: Logger },
  viewer: Viewer,
  ticketId: string,
): Promise<Aborted | Rejection> {
  const ticket = await loadOwnTicket(deps.db, viewer, ticketId);
  if ('kind' in ticket) return ticket;
  const aborted: Aborted = { kind: 'aborted', ticketId: ticket.id };
  if (ticket.status === 'REJECTED' && ticket.rejectionReason === 'ABORTED') return aborted;
  if (ticket.status !== 'PENDING')
    return reject('ALREADY_SETTLED', 'This upload is already settled; there is nothing to abort.');
  const settled = await giveUpTicket(deps, ticket, 'ABORTED');
  if (!settled) return aborted;
  // A concurrent confirm or abort settled it first.
  return settled.kind === 'rejected' && settled.reason === 'ABORTED'
    ? aborted
    : reject('ALREADY_SETTLED', 'This upload is already settled.');
}
