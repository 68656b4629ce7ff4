// The middle step of a large upload: its parts, PUT straight to storage in parallel (bounded),
// signed lazily in batches, retried (re-signed when a URL expired), resumable from the parts the
// store already holds. Progress is reported across all parts.
import {
  SignUploadPartsDocument,
  UploadedPartsDocument,
  type UploadRejectionReason,
} from '../generated/client/graphql.ts';
import type { Execute } from './execute.ts';
import type { UploadProgress } from './post-form.ts';
import { StorageUploadError } from './post-form.ts';
import { putBytes } from './put-bytes.ts';

/** What a client needs to keep to resume a multipart upload (see `UploadOptions.onTicket`). */
export interface ResumableUpload {
  ticketId: string;
  partSize: number;
  partCount: number;
  byteSize: number;
}

export interface PartsOptions {
  onProgress?: ((progress: UploadProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** Parts in flight at once. */
  concurrency?: number | undefined;
}

type Refusal = { reason: UploadRejectionReason; message: string };
interface PartUrl {
  url: string;
  headers: { name: string; value: string }[];
}

const SIGN_BATCH = 100; // the most signUploadParts takes at once
const ATTEMPTS = 3;

/** Uploads every part the store does not hold yet. Resolves with a refusal, or null when done. */
export async function uploadParts(
  execute: Execute,
  upload: ResumableUpload,
  file: Blob,
  options: PartsOptions,
): Promise<Refusal | null> {
  const { signal } = options;
  const { uploadedParts } = await execute(UploadedPartsDocument, { ticketId: upload.ticketId }, { signal });
  if (uploadedParts.__typename === 'UploadRejected') return uploadedParts;

  const sizeOf = (part: number) =>
    part < upload.partCount ? upload.partSize : upload.byteSize - upload.partSize * (upload.partCount - 1);
  const stored = new Set(
    uploadedParts.parts.filter((part) => part.byteSize === sizeOf(part.partNumber)).map((part) => part.partNumber),
  );
  const pending = Array.from({ length: upload.partCount }, (_, i) => i + 1).filter((part) => !stored.has(part));
  const sending: Sending = {
    file,
    partSize: upload.partSize,
    sizeOf,
    signer: partSigner(execute, upload.ticketId, pending, signal),
    progress: partProgress(
      upload.byteSize,
      [...stored].reduce((sum, part) => sum + sizeOf(part), 0),
      options.onProgress,
    ),
    signal,
  };

  let refusal: Refusal | null = null;
  const queue = [...pending];
  const worker = async () => {
    for (let part = queue.shift(); part !== undefined && !refusal; part = queue.shift()) {
      const refused = await sendPart(part, sending);
      if (refused) {
        refusal = refused;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, Math.max(pending.length, 1)) }, worker));
  return refusal;
}

interface Sending {
  file: Blob;
  partSize: number;
  sizeOf: (part: number) => number;
  signer: PartSigner;
  progress: PartProgress;
  signal: AbortSignal | undefined;
}

/** PUTs one part, retried (with a fresh signature) up to ATTEMPTS times. */
async function sendPart(
  part: number,
  { file, partSize, sizeOf, signer, progress, signal }: Sending,
): Promise<Refusal | null> {
  for (let attempt = 1; ; attempt++) {
    const url = await signer.urlFor(part, attempt > 1);
    if ('reason' in url) return url;
    const start = (part - 1) * partSize;
    try {
      await putBytes(url.url, file.slice(start, start + sizeOf(part)), {
        headers: url.headers,
        signal,
        onProgress: (loaded) => progress.sending(part, loaded),
      });
      progress.stored(part, sizeOf(part));
      return null;
    } catch (error) {
      progress.failed(part);
      // Retry network failures and refusals (an expired URL gets a fresh signature); not aborts.
      if (signal?.aborted || !(error instanceof StorageUploadError) || attempt >= ATTEMPTS) throw error;
    }
  }
}

interface PartSigner {
  /** The part's signed URL; `fresh` signs it again (a retry: the last one may have expired). */
  urlFor(part: number, fresh: boolean): Promise<PartUrl | Refusal>;
}

/** Signs a part with the next pending ones in one call, when it is first needed. */
function partSigner(
  execute: Execute,
  ticketId: string,
  pending: readonly number[],
  signal: AbortSignal | undefined,
): PartSigner {
  const signed = new Map<number, Promise<PartUrl | Refusal>>();
  const sign = (from: number) => {
    const batch = pending
      .slice(pending.indexOf(from), pending.indexOf(from) + SIGN_BATCH)
      .filter((part) => !signed.has(part));
    const request = execute(SignUploadPartsDocument, { ticketId, partNumbers: batch }, { signal });
    for (const part of batch) {
      signed.set(
        part,
        request.then(({ signUploadParts: result }) =>
          result.__typename === 'UploadRejected'
            ? result
            : (result.parts.find((url) => url.partNumber === part) ?? notSigned()),
        ),
      );
    }
  };
  return {
    urlFor(part, fresh) {
      if (!signed.has(part) || fresh) {
        signed.delete(part);
        sign(part);
      }
      return signed.get(part) ?? Promise.resolve(notSigned());
    },
  };
}

function notSigned(): Refusal {
  return { reason: 'NOT_FOUND', message: 'Part not signed' };
}

interface PartProgress {
  sending(part: number, loaded: number): void;
  stored(part: number, bytes: number): void;
  failed(part: number): void;
}

/** Progress across all parts: the stored ones, and what is sent of those in flight. Reports at once. */
function partProgress(
  total: number,
  alreadyStored: number,
  onProgress: ((progress: UploadProgress) => void) | undefined,
): PartProgress {
  let completed = alreadyStored;
  const inFlight = new Map<number, number>();
  const report = () => {
    const loaded = completed + [...inFlight.values()].reduce((sum, bytes) => sum + bytes, 0);
    onProgress?.({ loaded, total });
  };
  report();
  return {
    sending(part, loaded) {
      inFlight.set(part, loaded);
      report();
    },
    stored(part, bytes) {
      inFlight.delete(part);
      completed += bytes;
      report();
    },
    failed(part) {
      inFlight.delete(part);
    },
  };
}
