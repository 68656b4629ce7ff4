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

  let completed = [...stored].reduce((sum, part) => sum + sizeOf(part), 0);
  const inFlight = new Map<number, number>();
  const report = () => {
    const loaded = completed + [...inFlight.values()].reduce((sum, bytes) => sum + bytes, 0);
    options.onProgress?.({ loaded, total: upload.byteSize });
  };
  report();

  // Part number → its signed URL, signed with the next parts in one call when first needed.
  const signed = new Map<number, Promise<PartUrl | Refusal>>();
  const sign = (from: number) => {
    const batch = pending
      .slice(pending.indexOf(from), pending.indexOf(from) + SIGN_BATCH)
      .filter((part) => !signed.has(part));
    const request = execute(SignUploadPartsDocument, { ticketId: upload.ticketId, partNumbers: batch }, { signal });
    for (const part of batch) {
      signed.set(
        part,
        request.then(({ signUploadParts: result }) =>
          result.__typename === 'UploadRejected'
            ? result
            : (result.parts.find((url) => url.partNumber === part) ?? {
                reason: 'NOT_FOUND',
                message: 'Part not signed',
              }),
        ),
      );
    }
  };

  let refusal: Refusal | null = null;
  const queue = [...pending];
  const worker = async () => {
    for (let part = queue.shift(); part !== undefined && !refusal; part = queue.shift()) {
      for (let attempt = 1; ; attempt++) {
        if (!signed.has(part) || attempt > 1) {
          signed.delete(part);
          sign(part);
        }
        const url = await signed.get(part);
        if (!url || 'reason' in url) {
          refusal = url ?? { reason: 'NOT_FOUND', message: 'Part not signed' };
          return;
        }
        const start = (part - 1) * upload.partSize;
        try {
          const current = part;
          await putBytes(url.url, file.slice(start, start + sizeOf(part)), {
            headers: url.headers,
            signal,
            onProgress: (loaded) => {
              inFlight.set(current, loaded);
              report();
            },
          });
          inFlight.delete(part);
          completed += sizeOf(part);
          report();
          break;
        } catch (error) {
          inFlight.delete(part);
          // Retry network failures and refusals (an expired URL gets a fresh signature); not aborts.
          if (signal?.aborted || !(error instanceof StorageUploadError) || attempt >= ATTEMPTS) throw error;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, Math.max(pending.length, 1)) }, worker));
  return refusal;
}
