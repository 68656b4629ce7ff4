import { FILES_PREFIX } from '../../../src/uploads/storage-keys.ts';
import { withAdminClient } from '../../support/test-database.ts';
import type { ConfirmScenario, PendingConfirm } from './fixtures.ts';

/**
 * Reads the database behind the API's back and throws unless every confirm did what it said:
 * the file recorded for the ticket, its bytes promoted to a key under files/ and the staged upload
 * deleted, linked to its post or as its user's avatar, and a replaced avatar detached with its
 * object deleted.
 */
export function checkConfirmsLinked(
  databaseUrl: string,
  scenario: ConfirmScenario,
  confirms: readonly PendingConfirm[],
  fileIds: readonly string[],
): Promise<void> {
  return withAdminClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{
      ticketId: string;
      fileId: string;
      postId: string | null;
      avatarOf: string | null;
      promoted: boolean;
    }>(
      `SELECT f."ticketId", f.id AS "fileId", pa."postId", u.subject AS "avatarOf",
              starts_with(f.key, $2) AND t."objectDeletedAt" IS NOT NULL AS promoted
       FROM "File" f
       JOIN "UploadTicket" t ON t.id = f."ticketId"
       LEFT JOIN "PostAttachment" pa ON pa."fileId" = f.id
       LEFT JOIN "User" u ON u."avatarId" = f.id
       WHERE f."ticketId" = ANY($1::uuid[])`,
      [confirms.map((c) => c.ticketId), FILES_PREFIX],
    );
    const byTicket = new Map(rows.map((row) => [row.ticketId, row]));
    confirms.forEach((confirm, i) => {
      const row = byTicket.get(confirm.ticketId);
      const linked =
        row !== undefined &&
        row.fileId === fileIds[i] &&
        row.promoted &&
        (scenario === 'attachment' ? row.postId === confirm.postId : row.avatarOf === confirm.subject);
      if (!linked) throw new Error(`${scenario}: ticket ${confirm.ticketId} is not linked: ${JSON.stringify(row)}`);
    });
    if (scenario !== 'avatar-replace') return;
    const replaced = await client.query<{ count: number }>(
      `SELECT COUNT(*)::int AS count FROM "File"
       WHERE id = ANY($1::uuid[]) AND "detachedAt" IS NOT NULL AND "objectDeletedAt" IS NOT NULL`,
      [confirms.map((c) => c.previousAvatarId)],
    );
    if (replaced.rows[0]?.count !== confirms.length) {
      throw new Error(
        `only ${replaced.rows[0]?.count} of ${confirms.length} replaced avatars were detached and deleted`,
      );
    }
  });
}
