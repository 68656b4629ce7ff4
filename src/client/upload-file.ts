// The whole upload as one call: requestUpload → POST to storage → confirmUpload. The API's
// refusals come back as a typed value (they are expected: show them); failures of the network, the
// storage or the GraphQL request are thrown, as is the abort reason when `signal` fires.
import {
  AbortUploadDocument,
  ConfirmUploadDocument,
  RequestUploadDocument,
  UploadStatusDocument,
  type UploadedFileFragment,
  type UploadPurpose,
  type UploadRejectionReason,
} from '../generated/client/graphql.ts';
import type { Execute } from './execute.ts';
import { postForm, type UploadProgress } from './post-form.ts';
import { progressReporter, type ProgressReporter } from './progress.ts';
import { uploadParts, type ResumableUpload } from './upload-parts.ts';

export type UploadedFile = UploadedFileFragment;

export type UploadResult =
  | { ok: true; file: UploadedFile }
  | {
      ok: false;
      /**
       * Refused before anything was sent (`request`), while sending the parts of a large file
       * (`upload`, e.g. the ticket expired), or after checking the stored file (`confirm`).
       */
      stage: 'request' | 'upload' | 'confirm';
      reason: UploadRejectionReason;
      /** The server's explanation, for people; switch on `reason`, never parse this. */
      message: string;
    };

export interface UploadOptions {
  purpose: UploadPurpose;
  /** The post to attach the file to (POST_ATTACHMENT only). */
  postId?: string | undefined;
  /** Defaults to the File's name; required for a bare Blob. */
  filename?: string | undefined;
  /** Defaults to the Blob's type (browsers derive it from the file name's extension). */
  contentType?: string | undefined;
  /** Rising, then `loaded === total` exactly once: when the store holds every byte. */
  onProgress?: ((progress: UploadProgress) => void) | undefined;
  /**
   * Stops the upload: the promise rejects with the signal's reason and nothing is linked. It is
   * honoured until the file is in storage; the confirmation that follows is one short atomic
   * request, so once it is sent its result stands (the ticket of an aborted upload is given up).
   */
  signal?: AbortSignal | undefined;
  /**
   * Called once the API issued the ticket of a large (multipart) upload: keep it (e.g. in
   * localStorage) to `resume` the upload after a crash or a reload.
   */
  onTicket?: ((upload: ResumableUpload) => void) | undefined;
  /** Continue a multipart upload from where it stopped: only the missing parts are sent. */
  resume?: ResumableUpload | undefined;
  /** Parts of a large file sent at once (default 4). */
  concurrency?: number | undefined;
}

export interface UploadClient {
  uploadFile(file: Blob, options: UploadOptions): Promise<UploadResult>;
}

/** An upload client on top of any GraphQL client (see the adapters) or plain fetch. */
export function createUploadClient(execute: Execute): UploadClient {
  return {
    async uploadFile(file, options) {
      options.signal?.throwIfAborted();
      const filename = options.filename ?? nameOf(file);
      if (filename === undefined) throw new TypeError('uploadFile: pass `filename` when uploading a Blob.');
      const sent = await sendFile(execute, file, filename, options, progressReporter(options.onProgress));
      if (typeof sent !== 'string') return sent;
      options.signal?.throwIfAborted();

      const { confirmUpload } = await execute(ConfirmUploadDocument, { ticketId: sent });
      if (confirmUpload.__typename === 'UploadRejected') return rejected('confirm', confirmUpload);
      return { ok: true, file: confirmUpload.file };
    },
  };
}

/**
 * Puts the file in storage with a new ticket, or with the one of `options.resume`. Resolves with
 * the ticket's id once the store holds every byte, or with the upload's result when it needs
 * nothing more: the API's refusal, or (resuming) the answer of an upload already settled.
 */
async function sendFile(
  execute: Execute,
  file: Blob,
  filename: string,
  options: UploadOptions,
  progress: ProgressReporter,
): Promise<string | UploadResult> {
  const { signal } = options;
  if (options.resume) {
    const settled = await settledUpload(execute, options.resume.ticketId, signal);
    if (settled) return settled;
    return (await sendParts(execute, options.resume, file, options, progress)) ?? options.resume.ticketId;
  }
  const input = {
    purpose: options.purpose,
    filename,
    // Empty when the browser does not know the type: the API then says which types it takes.
    contentType: options.contentType ?? (file.type || 'application/octet-stream'),
    byteSize: file.size,
    postId: options.postId ?? null,
  };
  const { requestUpload: ticket } = await execute(RequestUploadDocument, { input }, { signal });
  switch (ticket.__typename) {
    case 'UploadRejected':
      return rejected('request', ticket);
    case 'UploadTicket': {
      const total = await givingUpOnFailure(execute, ticket.id, () =>
        postForm(ticket.url, ticket.fields, file, filename, { onProgress: progress.sending, signal }),
      );
      progress.stored(total);
      return ticket.id;
    }
    case 'MultipartUploadTicket': {
      const upload = {
        ticketId: ticket.id,
        partSize: ticket.partSize,
        partCount: ticket.partCount,
        byteSize: ticket.byteSize,
      };
      options.onTicket?.(upload);
      return (await sendParts(execute, upload, file, options, progress)) ?? ticket.id;
    }
    case 'PutUploadTicket':
      throw new Error('uploadFile asks for POST tickets; the API answered with a PUT ticket.');
    default: {
      const unknown: never = ticket;
      throw new Error(`Unknown ticket ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Before resuming: the upload's answer when it needs nothing more (the crash came after the
 * confirm, or the ticket was settled or expired meanwhile); null while parts can still be sent.
 */
async function settledUpload(
  execute: Execute,
  ticketId: string,
  signal: AbortSignal | undefined,
): Promise<UploadResult | null> {
  const { uploadStatus: status } = await execute(UploadStatusDocument, { ticketId }, { signal });
  if (status.__typename === 'UploadRejected') return rejected('upload', status);
  switch (status.state) {
    case 'PENDING':
    case 'UPLOADED':
      return null;
    case 'CONFIRMED':
      return status.file
        ? { ok: true, file: status.file }
        : rejected('upload', { reason: 'ALREADY_SETTLED', message: 'The file was confirmed, then removed.' });
    case 'REJECTED':
      return rejected('upload', status.rejection ?? { reason: 'ALREADY_SETTLED', message: 'The upload was refused.' });
    case 'EXPIRED':
      return rejected('upload', { reason: 'TICKET_EXPIRED', message: 'The ticket expired; upload the file again.' });
    default: {
      const unknown: never = status.state;
      throw new Error(`Unknown upload state ${String(unknown)}`);
    }
  }
}

/**
 * Sends the bytes; when that fails (the signal fired, the store refused or could not be reached),
 * gives the ticket up on the API before rethrowing, so it stops counting against the user's
 * pending uploads at once instead of at its expiry: retrying after a short outage then finds room.
 */
async function givingUpOnFailure<T>(execute: Execute, ticketId: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    await execute(AbortUploadDocument, { ticketId }).catch(() => undefined);
    throw error;
  }
}

/**
 * The parts of a multipart upload. Aborting via the signal also aborts the upload on the API, so
 * its stored parts are freed at once (a crash, which cannot, leaves them for `resume` or the sweep).
 */
async function sendParts(
  execute: Execute,
  upload: ResumableUpload,
  file: Blob,
  options: UploadOptions,
  progress: ProgressReporter,
): Promise<UploadResult | null> {
  try {
    const refusal = await uploadParts(execute, upload, file, { ...options, onProgress: progress.sending });
    if (refusal) return rejected('upload', refusal);
    progress.stored(upload.byteSize);
    return null;
  } catch (error) {
    if (options.signal?.aborted)
      await execute(AbortUploadDocument, { ticketId: upload.ticketId }).catch(() => undefined);
    throw error;
  }
}

// Not `instanceof File`: some runtimes have Blob without a global File class.
function nameOf(file: Blob): string | undefined {
  return 'name' in file && typeof file.name === 'string' ? file.name : undefined;
}

function rejected(
  stage: 'request' | 'upload' | 'confirm',
  refusal: { reason: UploadRejectionReason; message: string },
): UploadResult {
  return { ok: false, stage, reason: refusal.reason, message: refusal.message };
}
