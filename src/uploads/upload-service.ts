import type { Viewer } from '../auth/identity.ts';
import type { Database } from '../db/prisma.ts';
import type { Logger } from '../shared/logger.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { confirmUpload } from './confirm-upload.ts';
import { downloadUrl } from './download-url.ts';
import { requestUpload } from './request-upload.ts';
import type { ConfirmUploadResult, FileRecord, RequestUploadInput, RequestUploadResult } from './upload-model.ts';

export interface UploadSettings {
  ticketTtlSeconds: number;
  downloadUrlTtlSeconds: number;
  maxPendingPerUser: number;
  maxBytesPerUserPerDay: number;
}

export interface UploadService {
  requestUpload(viewer: Viewer, input: RequestUploadInput): Promise<RequestUploadResult>;
  confirmUpload(viewer: Viewer, ticketId: string): Promise<ConfirmUploadResult>;
  downloadUrl(file: FileRecord): Promise<string>;
}

export function createUploadService(
  db: Database,
  storage: ObjectStorage,
  logger: Logger,
  settings: UploadSettings,
): UploadService {
  return {
    requestUpload: (viewer, input) => requestUpload({ db, storage, ...settings }, viewer, input),
    confirmUpload: (viewer, ticketId) => confirmUpload({ db, storage, logger }, viewer, ticketId),
    downloadUrl: (file) => downloadUrl(storage, file, settings.downloadUrlTtlSeconds),
  };
}
