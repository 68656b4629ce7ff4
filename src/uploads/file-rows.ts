import type { FileRecord } from './upload-model.ts';

/** The File columns services read, and their conversion (sizes are bigint in the database). */
export const FILE_FIELDS = {
  id: true,
  ownerId: true,
  key: true,
  filename: true,
  contentType: true,
  byteSize: true,
  createdAt: true,
  checksumSha256: true,
  contentMd5: true,
} as const;

export type FileRow = Omit<FileRecord, 'byteSize'> & { byteSize: bigint };

export function toFileRecord(row: FileRow): FileRecord {
  // Sizes are capped far below 2^53 when tickets are issued, so the conversion is exact.
  return { ...row, byteSize: Number(row.byteSize) };
}
