import type { Database } from '../src/db/prisma.ts';
import type { ObjectStorage } from '../src/storage/object-storage.ts';

/**
 * After a soak: every CONFIRMED ticket has exactly one File, whose object exists unless it is a
 * replaced avatar (deleted); every other ticket has no File and no object.
 */
export async function checkInvariants(db: Database, storage: ObjectStorage) {
  const tickets = await db.uploadTicket.findMany({
    select: {
      id: true,
      key: true,
      status: true,
      file: { select: { id: true, detachedAt: true, objectDeletedAt: true } },
    },
  });
  const filesPerTicket = await db.file.groupBy({ by: ['ticketId'], _count: true });
  const violations: string[] = [];
  for (const group of filesPerTicket) {
    if (group._count !== 1) violations.push(`ticket ${group.ticketId} has ${group._count} files`);
  }
  const statuses: Record<string, number> = {};
  let objectsChecked = 0;
  for (let i = 0; i < tickets.length; i += 50) {
    await Promise.all(
      tickets.slice(i, i + 50).map(async (ticket) => {
        statuses[ticket.status] = (statuses[ticket.status] ?? 0) + 1;
        const stored = (await storage.head(ticket.key)) !== null;
        objectsChecked++;
        const current = ticket.status === 'CONFIRMED' && ticket.file !== null && ticket.file.detachedAt === null;
        if (ticket.status === 'CONFIRMED' && !ticket.file) violations.push(`confirmed ticket ${ticket.id} has no file`);
        if (ticket.status !== 'CONFIRMED' && ticket.file)
          violations.push(`${ticket.status} ticket ${ticket.id} has a file`);
        if (current && !stored) violations.push(`object of current file of ${ticket.id} is missing`);
        if (!current && stored) violations.push(`${ticket.status} ticket ${ticket.id} left an object behind`);
      }),
    );
  }
  return {
    tickets: tickets.length,
    statuses,
    objectsChecked,
    violations: violations.slice(0, 20),
    violationCount: violations.length,
  };
}
