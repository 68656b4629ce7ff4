import type { Database } from '../src/db/prisma.ts';
import type { ObjectStorage } from '../src/storage/object-storage.ts';

/**
 * After a soak: every CONFIRMED ticket has exactly one File, whose object (under files/) exists
 * unless it is a replaced avatar (deleted); no ticket's staged upload is left; every other ticket
 * has no File; no promotion attempt is left over.
 */
export async function checkInvariants(db: Database, storage: ObjectStorage) {
  const tickets = await db.uploadTicket.findMany({
    select: {
      id: true,
      key: true,
      status: true,
      file: { select: { id: true, key: true, detachedAt: true, objectDeletedAt: true } },
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
        const current = ticket.status === 'CONFIRMED' && ticket.file !== null && ticket.file.detachedAt === null;
        const [staged, stored] = await Promise.all([
          storage.head(ticket.key).then((head) => head !== null),
          ticket.file ? storage.head(ticket.file.key).then((head) => head !== null) : false,
        ]);
        objectsChecked += ticket.file ? 2 : 1;
        if (staged) violations.push(`${ticket.status} ticket ${ticket.id} left its staged upload behind`);
        if (ticket.status === 'CONFIRMED' && !ticket.file) violations.push(`confirmed ticket ${ticket.id} has no file`);
        if (ticket.status !== 'CONFIRMED' && ticket.file)
          violations.push(`${ticket.status} ticket ${ticket.id} has a file`);
        if (current && !stored) violations.push(`object of current file of ${ticket.id} is missing`);
        if (!current && stored) violations.push(`${ticket.status} ticket ${ticket.id} left an object behind`);
      }),
    );
  }
  const attempts = await db.promotionAttempt.count();
  if (attempts > 0) violations.push(`${attempts} promotion attempts left over`);
  return {
    tickets: tickets.length,
    statuses,
    objectsChecked,
    violations: violations.slice(0, 20),
    violationCount: violations.length,
  };
}
