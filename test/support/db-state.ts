import type { TestApi } from './test-api.ts';

/** Everything an upload can change in the database, in comparable form. */
export interface DatabaseState {
  users: number;
  posts: number;
  tickets: number;
  pendingTickets: number;
  files: number;
  attachments: number;
  avatars: number;
}

export async function databaseState(api: TestApi): Promise<DatabaseState> {
  const [counts] = await api.db.$queryRaw<DatabaseState[]>`
    SELECT
      (SELECT COUNT(*)::int FROM "User") AS users,
      (SELECT COUNT(*)::int FROM "Post") AS posts,
      (SELECT COUNT(*)::int FROM "UploadTicket") AS tickets,
      (SELECT COUNT(*)::int FROM "UploadTicket" WHERE status = 'PENDING') AS "pendingTickets",
      (SELECT COUNT(*)::int FROM "File") AS files,
      (SELECT COUNT(*)::int FROM "PostAttachment") AS attachments,
      (SELECT COUNT(*)::int FROM "User" WHERE "avatarId" IS NOT NULL) AS avatars`;
  if (!counts) throw new Error('no counts');
  return counts;
}

/** Moves a ticket's expiry (the tests' stand-in for waiting). */
export async function setTicketExpiry(api: TestApi, ticketId: string, expiresAt: Date): Promise<void> {
  await api.db.uploadTicket.update({ where: { id: ticketId }, data: { expiresAt } });
}

export async function ticketStatus(api: TestApi, ticketId: string): Promise<string | undefined> {
  const ticket = await api.db.uploadTicket.findUnique({ where: { id: ticketId }, select: { status: true } });
  return ticket?.status;
}
