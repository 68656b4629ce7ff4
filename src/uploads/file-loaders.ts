import DataLoader from 'dataloader';
import type { Database } from '../db/prisma.ts';
import { byKey, groupByKey } from '../shared/batch.ts';
import { FILE_FIELDS, toFileRecord } from './file-rows.ts';
import type { FileRecord } from './upload-model.ts';

export function createFileLoaders(db: Database) {
  return {
    fileById: new DataLoader<string, FileRecord | null>(async (ids) => {
      const files = await db.file.findMany({ where: { id: { in: [...ids] } }, select: FILE_FIELDS });
      return byKey(ids, files.map(toFileRecord), (file) => file.id);
    }),

    /** Each post's attachments in attachment order: one query for a whole page of posts. */
    attachmentsByPostId: new DataLoader<string, FileRecord[]>(async (postIds) => {
      const rows = await db.postAttachment.findMany({
        where: { postId: { in: [...postIds] } },
        orderBy: [{ postId: 'asc' }, { position: 'asc' }],
        select: { postId: true, file: { select: FILE_FIELDS } },
      });
      return groupByKey(postIds, rows, (row) => row.postId).map((group) => group.map((row) => toFileRecord(row.file)));
    }),
  };
}

export type FileLoaders = ReturnType<typeof createFileLoaders>;
