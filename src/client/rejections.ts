// Headlines for people, one per rejection reason. The server's `message` adds the specifics (sizes,
// types); this says what happened in words a user understands. A Record over the generated union
// makes a new reason in schema.graphql fail the typecheck until it has a headline here.
import type { UploadRejectionReason } from '../generated/client/graphql.ts';

const HEADLINES: Record<UploadRejectionReason, string> = {
  CONTENT_TYPE_NOT_ALLOWED: 'This kind of file is not accepted here.',
  TOO_LARGE: 'The file is too large.',
  EMPTY_FILE: 'The file is empty.',
  INVALID_FILENAME: 'The file name is not allowed (too long, or it contains a path or control characters).',
  TARGET_NOT_FOUND: 'The post does not exist or is not yours.',
  PENDING_LIMIT_REACHED: 'You have too many uploads in progress. Let them finish, then try again.',
  DAILY_BYTES_EXCEEDED: 'You have uploaded as much as allowed for today.',
  ATTACHMENT_LIMIT_REACHED: 'The post already has as many attachments as it can take.',
  NOT_FOUND: 'This upload is unknown (it may belong to someone else).',
  ALREADY_SETTLED: 'This upload is already finished; start a new one.',
  TICKET_EXPIRED: 'The upload took too long and expired. Please try again.',
  NOT_UPLOADED: 'The file has not arrived in storage yet.',
  SIZE_MISMATCH: 'The stored file does not have the announced size, so it was discarded.',
  CONTENT_TYPE_MISMATCH: 'The stored file does not have the announced type, so it was discarded.',
  CONTENT_MISMATCH:
    'The file is not what its name or type says (for example a web page named .png), so it was discarded.',
  CHECKSUM_MISMATCH: 'The stored file is not the file that was picked (it changed or was damaged on the way).',
  ABORTED: 'The upload was cancelled.',
};

/** A sentence for people describing why an upload was refused. */
export function describeRejection(reason: UploadRejectionReason): string {
  return HEADLINES[reason];
}
