import DataLoader from 'dataloader';
import type { Database } from '../db/prisma.ts';
import { byKey } from '../shared/batch.ts';
import type { UserRecord } from './user-model.ts';

export function createUserLoaders(db: Database) {
  return {
    userById: new DataLoader<string, UserRecord | null>(async (ids) => {
      const users = await db.user.findMany({
        where: { id: { in: [...ids] } },
        select: { id: true, name: true, avatarId: true },
      });
      return byKey(ids, users, (user) => user.id);
    }),
  };
}

export type UserLoaders = ReturnType<typeof createUserLoaders>;
