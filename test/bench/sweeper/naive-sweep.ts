import type { Database } from '../../../src/db/prisma.ts';
import type { ObjectStorage } from '../../../src/storage/object-storage.ts';
import { inPool } from '../harness/pool.ts';

/** Objects deleted at once by the naive sweep: a modest pool, as a simple loop with some parallelism would. */
const CONCURRENCY = 8;

/**
 * The baseline of the sweeper benchmark: the same tickets found by one query, then per ticket one
 * DeleteObject (after aborting its multipart upload, if any) and one UPDATE of its row, a few at a
 * time. What a sweep without DeleteObjects batches and set-based updates costs.
 */
export async function naiveSweep(
  deps: { db: Database; storage: ObjectStorage },
  graceSeconds: number,
): Promise<{ expiredTickets: number; deletedObjects: number; deleteCalls: number }> {
  const cutoff = new Date(Date.now() - graceSeconds * 1000);
  const tickets = await deps.db.uploadTicket.findMany({
    where: {
      objectDeletedAt: null,
      OR: [
        { status: 'PENDING', expiresAt: { lt: cutoff } },
        { status: 'REJECTED', settledAt: { lt: cutoff } },
      ],
    },
    select: { id: true, key: true, uploadId: true, status: true, expiresAt: true },
  });
  await inPool(tickets, CONCURRENCY, async (ticket) => {
    if (ticket.uploadId) await deps.storage.abortMultipartUpload(ticket.key, ticket.uploadId);
    await deps.storage.delete(ticket.key);
    const now = new Date();
    await deps.db.uploadTicket.update({
      where: { id: ticket.id },
      data: {
        objectDeletedAt: now,
        // Deleted after expiry, as the sweeper's ticket pass marks it: no staging pass comes back for it.
        ...(ticket.expiresAt < cutoff ? { stagingSweptAt: now } : {}),
        ...(ticket.status === 'PENDING'
          ? { status: 'REJECTED', rejectionReason: 'TICKET_EXPIRED', settledAt: now }
          : {}),
      },
    });
  });
  const expiredTickets = tickets.filter((ticket) => ticket.status === 'PENDING').length;
  return { expiredTickets, deletedObjects: tickets.length, deleteCalls: tickets.length };
}
