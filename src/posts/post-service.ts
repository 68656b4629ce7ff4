import { newId } from '../shared/ids.ts';
import type { Viewer } from '../auth/identity.ts';
import type { Database } from '../db/prisma.ts';
import { InvalidInputError } from '../shared/errors.ts';
import { decodeCursor, encodeCursor } from './post-cursor.ts';
import type { Page, PostRecord } from './post-model.ts';

export const MAX_TITLE_LENGTH = 200;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const POST_FIELDS = { id: true, title: true, authorId: true, createdAt: true } as const;

export interface ListPostsInput {
  first?: number | null | undefined;
  after?: string | null | undefined;
  /** Only this author's posts. */
  authorId?: string;
}

export interface PostService {
  createPost(viewer: Viewer, title: string): Promise<PostRecord>;
  /** Newest first, by keyset pagination (stable while posts are added). */
  listPosts(input: ListPostsInput): Promise<Page<PostRecord>>;
}

export function createPostService(db: Database): PostService {
  return {
    async createPost(viewer, rawTitle) {
      const title = rawTitle.trim();
      if (title.length === 0 || title.length > MAX_TITLE_LENGTH) {
        throw new InvalidInputError(`A title has 1 to ${MAX_TITLE_LENGTH} characters.`, 'title');
      }
      if (/[\u0000-\u001f\u007f]/.test(title)) {
        throw new InvalidInputError('A title cannot contain control characters.', 'title');
      }
      return db.post.create({ data: { id: newId(), title, authorId: viewer.id }, select: POST_FIELDS });
    },

    async listPosts({ first, after, authorId }) {
      const size = first ?? DEFAULT_PAGE_SIZE;
      if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
        throw new InvalidInputError(`\`first\` must be from 1 to ${MAX_PAGE_SIZE}.`, 'first');
      }
      const position = after ? decodeCursor(after) : undefined;
      const rows = await db.post.findMany({
        where: {
          ...(authorId ? { authorId } : {}),
          ...(position
            ? {
                OR: [
                  { createdAt: { lt: position.createdAt } },
                  { createdAt: position.createdAt, id: { lt: position.id } },
                ],
              }
            : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: size + 1, // one more tells whether there is a next page
        select: POST_FIELDS,
      });
      const items = rows.slice(0, size).map((node) => ({ cursor: encodeCursor(node), node }));
      return { items, hasNextPage: rows.length > size, endCursor: items.at(-1)?.cursor ?? null };
    },
  };
}
