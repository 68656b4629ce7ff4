import type { Database, Transaction as Tx } from '../../db/prisma.ts';
import { FILE_FIELDS, toFileRecord } from '../file-rows.ts';
import type { OrphanedObject } from '../cleanup/object-cleanup.ts';
import { copyToDiscard, type PromotedObject } from './promote-object.ts';
import { MAX_ATTACHMENTS_PER_POST, PURPOSES } from '../purposes.ts';
import { loadSettledResult, type TicketRecord } from '../ticket-rows.ts';
import { reject, type ConfirmUploadResult, type StoredRejectionReason } from '../upload-model.ts';

export interface Committed {
  result: ConfirmUploadResult;
  /** Objects to delete once the transaction has committed. */
  orphanedObjects: OrphanedObject[];
}

/**
 * In one transaction: lock the ticket, record the File (pointing at the promoted copy), mark the
 * ticket CONFIRMED and link the file. The row lock serialises concurrent confirms of one ticket;
 * the loser sees CONFIRMED, answers with the same file and discards its own copy (and
 * File.ticketId is unique, should anything bypass the lock). The staged upload is deleted after.
 */
export function commitConfirmation(db: Database, ticket: TicketRecord, promoted: PromotedObject): Promise<Committed> {
  return db
    .$transaction(
      (tx) => confirmInTransaction(tx, ticket, promoted),
      // Confirms of one ticket queue on its row lock; give them time rather than fail.
      { maxWait: 10_000, timeout: 15_000 },
    )
    .catch((error: unknown) => {
      if (!(error instanceof CopySwept)) throw error;
      return {
        result: reject('NOT_UPLOADED', 'The upload changed while it was checked; confirm again.'),
        orphanedObjects: [],
      };
    });
}

/** The transaction's statements, in their order: ticket lock, target lock, File, status, link. */
async function confirmInTransaction(tx: Tx, ticket: TicketRecord, promoted: PromotedObject): Promise<Committed> {
  // The lock and the status check in one statement; the whole ticket is re-read only in the
  // rare case that another confirm settled it meanwhile.
  const [locked] = await tx.$queryRaw<{ status: string }[]>`
    SELECT status FROM "UploadTicket" WHERE id = ${ticket.id}::uuid FOR UPDATE`;
  if (!locked || locked.status !== 'PENDING') {
    const settled = locked ? await loadSettledResult(tx, ticket.id) : null;
    return {
      result: settled ?? reject('NOT_FOUND', 'The ticket is gone.'),
      orphanedObjects: [copyToDiscard(promoted.key)],
    };
  }

  const now = new Date();
  const target = await lockTarget(tx, ticket, promoted.fileId, now);
  if (!target.ok) return rejectInTransaction(tx, ticket, promoted, target.reason, target.message);
  const file = await insertFile(tx, ticket, promoted);
  await markConfirmed(tx, ticket, promoted, now);
  const replaced = await target.link();
  const staged: OrphanedObject = { key: ticket.key, owner: { kind: 'ticket', id: ticket.id } };
  return {
    result: { kind: 'confirmed', file: toFileRecord(file), postId: ticket.postId },
    orphanedObjects: [staged, ...replaced],
  };
}

type Refused = { ok: false; reason: StoredRejectionReason; message: string };

/**
 * Locks what the file will be linked to (the user's avatar, or the post and its next attachment
 * position) and says how to link it, once the File row exists: the objects it replaces come back.
 */
async function lockTarget(
  tx: Tx,
  ticket: TicketRecord,
  fileId: string,
  now: Date,
): Promise<{ ok: true; link: () => Promise<OrphanedObject[]> } | Refused> {
  const target = PURPOSES[ticket.purpose].target;
  switch (target) {
    case 'viewer-avatar': {
      const previousAvatarId = await lockAvatar(tx, ticket.ownerId);
      return { ok: true, link: () => replaceAvatar(tx, ticket.ownerId, previousAvatarId, fileId, now) };
    }
    case 'post': {
      const slot = await reserveAttachmentSlot(tx, ticket.postId);
      if (!slot.ok) return slot;
      return {
        ok: true,
        link: async () => {
          await tx.postAttachment.create({ data: { postId: slot.postId, fileId, position: slot.position } });
          return [];
        },
      };
    }
    default: {
      const unknown: never = target;
      throw new Error(`Unknown link target ${String(unknown)}`);
    }
  }
}

function insertFile(tx: Tx, ticket: TicketRecord, promoted: PromotedObject) {
  return tx.file.create({
    data: {
      id: promoted.fileId,
      ticketId: ticket.id,
      ownerId: ticket.ownerId,
      key: promoted.key,
      filename: ticket.filename,
      contentType: ticket.contentType,
      byteSize: BigInt(ticket.byteSize),
      etag: promoted.etag ?? null,
      checksumSha256: ticket.checksumSha256,
      contentMd5: ticket.contentMd5,
    },
    select: FILE_FIELDS,
  });
}

/**
 * Marks the ticket CONFIRMED and drops the attempt's record in the same statement: from now on the
 * File row owns the copy. No record left means the sweeper took this attempt for a crashed one and
 * deleted the copy: link nothing (the throw rolls the transaction back).
 */
async function markConfirmed(tx: Tx, ticket: TicketRecord, promoted: PromotedObject, now: Date): Promise<void> {
  const confirmed = await tx.$executeRaw`
    WITH attempt AS (DELETE FROM "PromotionAttempt" WHERE key = ${promoted.key} RETURNING key)
    UPDATE "UploadTicket" SET status = 'CONFIRMED', "settledAt" = ${now}
    WHERE id = ${ticket.id}::uuid AND EXISTS (SELECT 1 FROM attempt)`;
  if (confirmed === 0) throw new CopySwept();
}

class CopySwept extends Error {}

/**
 * Locks the user row and reads the current avatar, so two avatar confirms of one user cannot both
 * think they replace the same file. Taken before the File insert: that insert's foreign-key check
 * share-locks the user row, and taking the update lock after it deadlocks two such confirms.
 */
async function lockAvatar(tx: Tx, userId: string): Promise<string | null> {
  const [user] = await tx.$queryRaw<{ avatarId: string | null }[]>`
    SELECT "avatarId" FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
  return user?.avatarId ?? null;
}

/** Makes the file the user's avatar; the replaced one is detached and its object deleted. */
async function replaceAvatar(
  tx: Tx,
  userId: string,
  previousAvatarId: string | null,
  fileId: string,
  now: Date,
): Promise<OrphanedObject[]> {
  await tx.user.update({ where: { id: userId }, data: { avatarId: fileId } });
  if (!previousAvatarId) return [];
  const replaced = await tx.file.update({
    where: { id: previousAvatarId },
    data: { detachedAt: now },
    select: { id: true, key: true },
  });
  return [{ key: replaced.key, owner: { kind: 'file', id: replaced.id } }];
}

type Slot = { ok: true; postId: string; position: number } | Refused;

/** The post's next attachment position, under a lock on the post so the limit holds under races. */
async function reserveAttachmentSlot(tx: Tx, postId: string | null): Promise<Slot> {
  const [post] = postId
    ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Post" WHERE id = ${postId}::uuid FOR UPDATE`
    : [];
  if (!postId || !post) return { ok: false, reason: 'TARGET_NOT_FOUND', message: 'The post no longer exists.' };
  const [usage] = await tx.$queryRaw<{ count: number; next: number }[]>`
    SELECT COUNT(*)::int AS count, COALESCE(MAX(position) + 1, 0)::int AS next
    FROM "PostAttachment" WHERE "postId" = ${postId}::uuid`;
  if ((usage?.count ?? 0) >= MAX_ATTACHMENTS_PER_POST) {
    return {
      ok: false,
      reason: 'ATTACHMENT_LIMIT_REACHED',
      message: `The post already has ${MAX_ATTACHMENTS_PER_POST} attachments.`,
    };
  }
  return { ok: true, postId, position: usage?.next ?? 0 };
}

async function rejectInTransaction(
  tx: Tx,
  ticket: TicketRecord,
  promoted: PromotedObject,
  reason: StoredRejectionReason,
  message: string,
): Promise<Committed> {
  await tx.uploadTicket.update({
    where: { id: ticket.id },
    data: { status: 'REJECTED', rejectionReason: reason, settledAt: new Date() },
  });
  return {
    result: reject(reason, message),
    orphanedObjects: [{ key: ticket.key, owner: { kind: 'ticket', id: ticket.id } }, copyToDiscard(promoted.key)],
  };
}
