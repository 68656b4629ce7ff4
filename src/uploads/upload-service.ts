import type { Viewer } from '../auth/identity.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/prisma.ts';
import type { RateLimits } from '../rate-limits/rate-limits.ts';
import type { Logger } from '../shared/logger.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { abortUpload } from './cleanup/abort-upload.ts';
import type { DeferredDeletes } from './cleanup/deferred-deletes.ts';
import { confirmUpload } from './confirm/confirm-upload.ts';
import { signUploadParts, uploadedParts } from './multipart/parts.ts';
import { downloadUrl, signingWindow } from './download-url.ts';
import { requestUpload } from './request/request-upload.ts';
import { uploadStatus } from './status/upload-status.ts';
import type {
  Aborted,
  ConfirmUploadResult,
  FileRecord,
  Rejection,
  RequestUploadInput,
  RequestUploadResult,
  SignedParts,
  StoredParts,
  UploadStatusRecord,
} from './upload-model.ts';

/** The `uploads` part of the configuration (see config/uploads.ts for each setting). */
export type UploadSettings = Config['uploads'];

export interface UploadService {
  /** `clientAddress` is what the ticket rate limit per address counts by. */
  requestUpload(viewer: Viewer, input: RequestUploadInput, clientAddress: string): Promise<RequestUploadResult>;
  confirmUpload(viewer: Viewer, ticketId: string): Promise<ConfirmUploadResult>;
  signUploadParts(viewer: Viewer, ticketId: string, partNumbers: readonly number[]): Promise<SignedParts | Rejection>;
  uploadedParts(viewer: Viewer, ticketId: string): Promise<StoredParts | Rejection>;
  abortUpload(viewer: Viewer, ticketId: string): Promise<Aborted | Rejection>;
  uploadStatus(viewer: Viewer, ticketId: string): Promise<UploadStatusRecord | Rejection>;
  /** The file's download URL as of `now`: the same for every `now` in one signing window. */
  downloadUrl(file: FileRecord, now: number): Promise<string>;
  /** When the URLs handed out at `now` stop working. */
  downloadUrlExpiresAt(now: number): Date;
}

export function createUploadService(
  db: Database,
  storage: ObjectStorage,
  logger: Logger,
  settings: UploadSettings,
  rateLimits: Pick<RateLimits, 'ticket'>,
  deferredDeletes: DeferredDeletes,
): UploadService {
  return {
    async requestUpload(viewer, input, clientAddress) {
      // Before anything else: a script requesting tickets in a loop costs two counters per call.
      await rateLimits.ticket(viewer.subject, clientAddress);
      return requestUpload({ db, storage, ...settings }, viewer, input);
    },
    confirmUpload: (viewer, ticketId) => confirmUpload({ db, storage, logger, deferredDeletes }, viewer, ticketId),
    signUploadParts: (viewer, ticketId, partNumbers) =>
      signUploadParts({ db, storage, ticketTtlSeconds: settings.ticketTtlSeconds }, viewer, ticketId, partNumbers),
    uploadedParts: (viewer, ticketId) =>
      uploadedParts({ db, storage, ticketTtlSeconds: settings.ticketTtlSeconds }, viewer, ticketId),
    abortUpload: (viewer, ticketId) => abortUpload({ db, storage, logger }, viewer, ticketId),
    uploadStatus: (viewer, ticketId) => uploadStatus({ db, storage }, viewer, ticketId),
    downloadUrl: (file, now) => downloadUrl(storage, file, settings.downloadUrlTtlSeconds, now),
    downloadUrlExpiresAt: (now) => signingWindow(now, settings.downloadUrlTtlSeconds).expiresAt,
  };
}
