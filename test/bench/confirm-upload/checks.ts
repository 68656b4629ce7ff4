import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { FILES_PREFIX, STAGING_PREFIX } from '../../../src/uploads/storage-keys.ts';
import { withAdminClient } from '../../support/test-database.ts';
import { uncountedS3Client } from '../harness/s3-clients.ts';
import { BUCKET, type BenchStack } from '../harness/stack.ts';
import type { ConfirmScenario, PendingConfirm } from './fixtures.ts';

/**
 * Reads the database and the store behind the API's back and throws unless every confirm did what
 * it said: the file recorded for the ticket, its bytes promoted to a key under files/ and the
 * staged upload deleted, linked to its post or as its user's avatar, and a replaced avatar
 * detached with its object deleted.
 */
export async function checkConfirmsLinked(
  stack: BenchStack,
  scenario: ConfirmScenario,
  confirms: readonly PendingConfirm[],
  fileIds: readonly string[],
): Promise<void> {
  await checkRows(stack.databaseUrl, scenario, confirms, fileIds);
  await checkObjectsGone(stack, confirms);
}

function checkRows(
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
              starts_with(f.key, $2) AS promoted
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

/**
 * No confirmed ticket's upload is left under staging/, and no replaced avatar's object under
 * files/ (the API deletes them a moment after the commit).
 */
async function checkObjectsGone(stack: BenchStack, confirms: readonly PendingConfirm[]): Promise<void> {
  const { staged, replaced } = await withAdminClient(stack.databaseUrl, async (client) => {
    const keysOf = async (sql: string, ids: (string | undefined)[]) =>
      new Set((await client.query<{ key: string }>(sql, [ids.filter(Boolean)])).rows.map((row) => row.key));
    return {
      staged: await keysOf(
        `SELECT key FROM "UploadTicket" WHERE id = ANY($1::uuid[])`,
        confirms.map((c) => c.ticketId),
      ),
      replaced: await keysOf(
        `SELECT key FROM "File" WHERE id = ANY($1::uuid[])`,
        confirms.map((c) => c.previousAvatarId),
      ),
    };
  });
  const s3 = uncountedS3Client(stack.s3.info);
  try {
    const left = async (prefix: string, keys: Set<string>) => {
      let count = 0;
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }),
        );
        count += (page.Contents ?? []).filter((object) => object.Key && keys.has(object.Key)).length;
        token = page.NextContinuationToken;
      } while (token);
      return count;
    };
    const stagedLeft = await left(STAGING_PREFIX, staged);
    if (stagedLeft > 0)
      throw new Error(`${stagedLeft} of ${staged.size} confirmed uploads are still under ${STAGING_PREFIX}`);
    const replacedLeft = replaced.size > 0 ? await left(FILES_PREFIX, replaced) : 0;
    if (replacedLeft > 0)
      throw new Error(`${replacedLeft} of ${replaced.size} replaced avatars' objects are still stored`);
  } finally {
    s3.destroy();
  }
}
