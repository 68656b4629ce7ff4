import type { Database } from '../../db/prisma.ts';
import type { DeferredDelete } from '../cleanup/deferred-deletes.ts';
import type { OrphanedObject } from '../cleanup/object-cleanup.ts';
import { copyToDiscard, type PromotedObject } from './promote-object.ts';
import { MAX_ATTACHMENTS_PER_POST } from '../purposes.ts';
import { loadSettledResult, type TicketRecord } from '../ticket-rows.ts';
import { reject, type ConfirmUploadResult } from '../upload-model.ts';

export interface Committed {
  result: ConfirmUploadResult;
  /** Objects to delete once the transaction has committed. */
  orphanedObjects: OrphanedObject[];
  /** Of a confirm: its staged upload and a replaced avatar's object, deleted soon (deferred-deletes.ts). */
  deferredDeletes?: DeferredDelete[];
}

interface Outcome {
  outcome: 'confirmed' | 'settled' | 'gone' | 'copy-swept' | 'TARGET_NOT_FOUND' | 'ATTACHMENT_LIMIT_REACHED';
  created_at: Date | null;
  replaced_id: string | null;
  replaced_key: string | null;
}

/**
 * Records and links the verified file in one statement: the database function `confirm_upload`
 * (migration confirm_in_one_statement) locks the ticket, then its parent, records the File at the
 * promoted copy's key, marks the ticket CONFIRMED, links the file (detaching a replaced avatar) and
 * removes the attempt's record, all in the statement's own transaction: one round trip. The ticket's
 * row lock serialises concurrent confirms; the loser finds it settled, answers with the same file
 * and discards its own copy (File.ticketId is unique, should anything bypass the lock). The staged
 * upload is deleted after.
 */
export async function commitConfirmation(
  db: Pick<Database, '$prepared' | 'uploadTicket' | 'file'>,
  ticket: TicketRecord,
  promoted: PromotedObject,
): Promise<Committed> {
  const [row] = await db.$prepared.query<Outcome>('confirm_upload', CONFIRM, [
    ticket.id,
    promoted.fileId,
    promoted.key,
    promoted.etag ?? null,
    MAX_ATTACHMENTS_PER_POST,
    new Date(),
  ]);
  if (!row) throw new Error('confirm_upload returned no row');
  const staged: OrphanedObject = { key: ticket.key, owner: { kind: 'ticket', id: ticket.id } };
  const discard = [copyToDiscard(promoted.key)];
  switch (row.outcome) {
    case 'confirmed': {
      const replaced = row.replaced_id && row.replaced_key ? [{ key: row.replaced_key, fileId: row.replaced_id }] : [];
      return {
        result: { kind: 'confirmed', file: fileOf(ticket, promoted, row), postId: ticket.postId },
        orphanedObjects: [],
        deferredDeletes: [{ key: ticket.key }, ...replaced],
      };
    }
    case 'settled':
      return { result: (await loadSettledResult(db, ticket.id)) ?? GONE, orphanedObjects: discard };
    case 'gone':
      return { result: GONE, orphanedObjects: discard };
    case 'copy-swept':
      // The sweeper took this attempt for a crashed one and deleted the copy: nothing was linked.
      return {
        result: reject('NOT_UPLOADED', 'The upload changed while it was checked; confirm again.'),
        orphanedObjects: [],
      };
    case 'TARGET_NOT_FOUND':
      return { result: reject(row.outcome, 'The post no longer exists.'), orphanedObjects: [staged, ...discard] };
    case 'ATTACHMENT_LIMIT_REACHED':
      return {
        result: reject(row.outcome, `The post already has ${MAX_ATTACHMENTS_PER_POST} attachments.`),
        orphanedObjects: [staged, ...discard],
      };
    default: {
      const unknown: never = row.outcome;
      throw new Error(`Unknown confirm outcome ${String(unknown)}`);
    }
  }
}

const GONE = reject('NOT_FOUND', 'The ticket is gone.');

const CONFIRM = `SELECT outcome, created_at, replaced_id, replaced_key
  FROM confirm_upload($1::uuid, $2::uuid, $3, $4, $5::int, $6::timestamptz)`;

function fileOf(ticket: TicketRecord, promoted: PromotedObject, row: Outcome) {
  if (!row.created_at) throw new Error('confirm_upload confirmed without a creation time');
  return {
    id: promoted.fileId,
    ownerId: ticket.ownerId,
    key: promoted.key,
    filename: ticket.filename,
    contentType: ticket.contentType,
    byteSize: ticket.byteSize,
    createdAt: row.created_at,
    checksumSha256: ticket.checksumSha256,
    contentMd5: ticket.contentMd5,
  };
}
