import type { Viewer } from '../../auth/identity.ts';
import type { Database } from '../../db/prisma.ts';
import { InvalidInputError } from '../../shared/errors.ts';
import type { ObjectStorage, StoredPart } from '../../storage/object-storage.ts';
import { closedForParts, loadOwnTicket } from '../own-ticket.ts';
import type { TicketRecord } from '../ticket-rows.ts';
import type { Rejection, SignedParts, StoredParts } from '../upload-model.ts';

export interface MultipartDeps {
  db: Database;
  storage: ObjectStorage;
  /** Part URLs live this long (never past the ticket). */
  ticketTtlSeconds: number;
}

export const MAX_PARTS_PER_SIGNING = 100;

/** Presigned UploadPart URLs for some parts of the viewer's multipart ticket. */
export async function signUploadParts(
  deps: MultipartDeps,
  viewer: Viewer,
  ticketId: string,
  partNumbers: readonly number[],
): Promise<SignedParts | Rejection> {
  const ticket = await loadOwnTicket(deps.db, viewer, ticketId);
  if ('kind' in ticket) return ticket;
  const layout = multipartLayout(ticket);
  const closed = closedForParts(ticket);
  if (closed) return closed;
  if (
    partNumbers.length === 0 ||
    partNumbers.length > MAX_PARTS_PER_SIGNING ||
    new Set(partNumbers).size !== partNumbers.length
  ) {
    throw new InvalidInputError(
      `Ask for 1 to ${MAX_PARTS_PER_SIGNING} distinct part numbers at a time.`,
      'partNumbers',
    );
  }
  const outside = partNumbers.find((number) => !Number.isInteger(number) || number < 1 || number > layout.partCount);
  if (outside !== undefined) {
    throw new InvalidInputError(`Part numbers go from 1 to ${layout.partCount} (got ${outside}).`, 'partNumbers');
  }
  const secondsLeft = Math.floor((ticket.expiresAt.getTime() - Date.now()) / 1000);
  const expiresInSeconds = Math.max(1, Math.min(deps.ticketTtlSeconds, secondsLeft));
  const parts = await Promise.all(
    partNumbers.map(async (partNumber) => {
      const byteSize = expectedPartSize(ticket.byteSize, layout, partNumber);
      const signed = await deps.storage.presignUploadPart({
        key: ticket.key,
        uploadId: layout.uploadId,
        partNumber,
        byteSize,
        expiresInSeconds,
      });
      return { partNumber, byteSize, ...signed };
    }),
  );
  return { kind: 'signed-parts', ticketId: ticket.id, parts };
}

/** The parts the store already holds: what a client resumes from. */
export async function uploadedParts(
  deps: MultipartDeps,
  viewer: Viewer,
  ticketId: string,
): Promise<StoredParts | Rejection> {
  const ticket = await loadOwnTicket(deps.db, viewer, ticketId);
  if ('kind' in ticket) return ticket;
  const layout = multipartLayout(ticket);
  const closed = closedForParts(ticket);
  if (closed) return closed;
  const parts = await deps.storage.listParts(ticket.key, layout.uploadId);
  return { kind: 'stored-parts', ticketId: ticket.id, parts: parts ?? [] };
}

export type Assembly = { ok: true } | { ok: false; reason: 'NOT_UPLOADED' | 'SIZE_MISMATCH'; message: string };

/**
 * Completes a multipart upload from the store's own part list (never from client ETags), once
 * every part is there with its exact size. An upload the store no longer knows was completed by an
 * earlier confirm that did not commit: the object speaks for itself then.
 */
export async function assembleParts(storage: ObjectStorage, ticket: TicketRecord): Promise<Assembly> {
  const layout = multipartLayout(ticket);
  const parts = await storage.listParts(ticket.key, layout.uploadId);
  if (!parts) return { ok: true };
  const missing = layout.partCount - parts.length;
  if (missing > 0) {
    return {
      ok: false,
      reason: 'NOT_UPLOADED',
      message: `${missing} of ${layout.partCount} parts are not uploaded yet.`,
    };
  }
  const wrong = parts.find(
    (part, index) =>
      part.partNumber !== index + 1 || part.byteSize !== expectedPartSize(ticket.byteSize, layout, part.partNumber),
  );
  if (wrong || parts.length !== layout.partCount) {
    return {
      ok: false,
      reason: 'SIZE_MISMATCH',
      message: `Part ${wrong?.partNumber ?? parts.length} does not have its size.`,
    };
  }
  await storage.completeMultipartUpload(ticket.key, layout.uploadId, parts satisfies readonly StoredPart[]);
  return { ok: true };
}

interface Layout {
  uploadId: string;
  partSize: number;
  partCount: number;
}

function multipartLayout(ticket: TicketRecord): Layout {
  if (ticket.method !== 'MULTIPART' || !ticket.uploadId || !ticket.partSize || !ticket.partCount) {
    throw new InvalidInputError('This is not a multipart upload ticket.', 'ticketId');
  }
  return { uploadId: ticket.uploadId, partSize: ticket.partSize, partCount: ticket.partCount };
}

function expectedPartSize(byteSize: number, layout: Layout, partNumber: number): number {
  return partNumber < layout.partCount ? layout.partSize : byteSize - layout.partSize * (layout.partCount - 1);
}
