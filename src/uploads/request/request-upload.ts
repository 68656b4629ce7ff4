import type { Viewer } from '../../auth/identity.ts';
import type { Database } from '../../db/prisma.ts';
import { InvalidInputError } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { parseChecksum } from '../checksums.ts';
import { parseDeclaredContentType } from '../content-type-input.ts';
import { filenameProblem } from '../filename.ts';
import { issueTicket } from './issue-ticket.ts';
import type { IssueDeps } from './ticket-request.ts';
import { checkUserQuota } from './user-quota.ts';
import { MAX_ATTACHMENTS_PER_POST, PURPOSES } from '../purposes.ts';
import { reject, type Rejection, type RequestUploadInput, type RequestUploadResult } from '../upload-model.ts';

export type RequestUploadDeps = IssueDeps;

/**
 * Issues an upload ticket: a presigned POST whose policy pins the exact key, content type, size
 * and expiry, recorded as a PENDING ticket. Every refusal is returned without anything written.
 */
export async function requestUpload(
  deps: RequestUploadDeps,
  viewer: Viewer,
  input: RequestUploadInput,
): Promise<RequestUploadResult> {
  const rule = PURPOSES[input.purpose];
  if (!Number.isSafeInteger(input.byteSize) || input.byteSize < 0) {
    throw new InvalidInputError('byteSize must be a whole number of bytes, 0 or more.', 'byteSize');
  }
  // Any postId the client sent counts as sent, an empty one too: it must not slip past as "none".
  const postId = input.postId ?? null;
  if (rule.target === 'post' && !postId) {
    throw new InvalidInputError(`postId is required for ${input.purpose}.`, 'postId');
  }
  if (rule.target !== 'post' && postId !== null) {
    throw new InvalidInputError(`postId is not used for ${input.purpose}; leave it out.`, 'postId');
  }
  const checksums = {
    checksumSha256: parseChecksum('checksumSha256', input.checksumSha256),
    contentMd5: parseChecksum('contentMd5', input.contentMd5),
  };

  const contentType = parseDeclaredContentType(input.contentType);
  if (!contentType || !rule.contentTypes.includes(contentType)) {
    return reject('CONTENT_TYPE_NOT_ALLOWED', `${input.purpose} accepts ${rule.contentTypes.join(', ')}.`);
  }
  if (input.byteSize === 0) return reject('EMPTY_FILE', 'The file is empty.');
  if (input.byteSize > rule.maxBytes) {
    return reject('TOO_LARGE', `${input.purpose} files can be at most ${rule.maxBytes} bytes.`);
  }
  const badName = filenameProblem(input.filename);
  if (badName) return reject('INVALID_FILENAME', badName);

  // The common case (no post, one presigned request) checks the limits in the statement that
  // records the ticket. Otherwise they are checked first: before the attachment target (the
  // refusal order stays the same) and before a multipart upload is started on the store.
  if (postId || input.byteSize > deps.multipartThresholdBytes) {
    const quota = await checkUserQuota(deps.db, deps, viewer, input.byteSize);
    if (quota) return quota;
  }
  if (postId) {
    const refusal = await checkAttachmentTarget(deps.db, viewer, postId);
    if (refusal) return refusal;
  }

  return issueTicket(deps, viewer, {
    purpose: input.purpose,
    postId,
    filename: input.filename,
    contentType,
    byteSize: input.byteSize,
    method: input.method ?? 'POST',
    ...checksums,
  });
}

/**
 * The post must be the viewer's, with room for one more attachment counting the tickets still
 * in flight. Confirming checks the limit again under a lock; this check keeps clients from
 * uploading bytes that could never be attached.
 */
async function checkAttachmentTarget(db: Database, viewer: Viewer, postId: string): Promise<Rejection | null> {
  const post = isUuid(postId)
    ? await db.post.findFirst({
        where: { id: postId, authorId: viewer.id },
        select: {
          _count: {
            select: {
              attachments: true,
              tickets: { where: { status: 'PENDING', expiresAt: { gt: new Date() } } },
            },
          },
        },
      })
    : null;
  if (!post) return reject('TARGET_NOT_FOUND', 'No post with this id belongs to you.');
  if (post._count.attachments + post._count.tickets >= MAX_ATTACHMENTS_PER_POST) {
    return reject(
      'ATTACHMENT_LIMIT_REACHED',
      `A post can have at most ${MAX_ATTACHMENTS_PER_POST} attachments (uploads in progress count).`,
    );
  }
  return null;
}
