import { newId } from '../shared/ids.ts';
import type { Identity, Viewer } from '../auth/identity.ts';
import type { Database } from '../db/prisma.ts';

// Subjects seen by this process → user ids. Users are never deleted, so an entry cannot go stale;
// the bound keeps memory flat however many distinct users sign in.
const CACHE_LIMIT = 10_000;

export interface UserService {
  /** The user a verified identity speaks for, created on first sight. */
  ensureUser(identity: Identity): Promise<Viewer>;
}

export function createUserService(db: Database): UserService {
  const idsBySubject = new Map<string, string>();
  return {
    async ensureUser({ subject, name }) {
      const cached = idsBySubject.get(subject);
      if (cached) return { id: cached, subject };
      // One INSERT ... ON CONFLICT statement: safe when two first requests of a user race. The
      // no-op `update` is what makes Prisma use it: with `update: {}` it emulates the upsert as
      // SELECT then INSERT, and the loser of a race fails on the unique subject (seen under load).
      const user = await db.user.upsert({
        where: { subject },
        create: { id: newId(), subject, name },
        update: { subject },
        select: { id: true },
      });
      if (idsBySubject.size >= CACHE_LIMIT) idsBySubject.delete(idsBySubject.keys().next().value as string);
      idsBySubject.set(subject, user.id);
      return { id: user.id, subject };
    },
  };
}
