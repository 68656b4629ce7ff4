import DataLoader from 'dataloader';
import type { Database } from '../db/prisma.ts';
import { byKey } from '../shared/batch.ts';
import { isUuid } from '../shared/ids.ts';
import type { PostRecord } from './post-model.ts';

export function createPostLoaders(db: Database) {
  return {
    postById: new DataLoader<string, PostRecord | null>(async (ids) => {
      const posts = await db.post.findMany({
        where: { id: { in: ids.filter(isUuid) } },
        select: { id: true, title: true, authorId: true, createdAt: true },
      });
      return byKey(ids, posts, (post) => post.id);
    }),
  };
}

export type PostLoaders = ReturnType<typeof createPostLoaders>;
