-- CreateEnum
CREATE TYPE "TicketRejectionReason" AS ENUM ('TICKET_EXPIRED', 'SIZE_MISMATCH', 'CONTENT_TYPE_MISMATCH', 'CONTENT_MISMATCH', 'CHECKSUM_MISMATCH', 'TARGET_NOT_FOUND', 'ATTACHMENT_LIMIT_REACHED', 'ABORTED');

-- AlterTable (edited by hand: the generated DROP COLUMN + ADD COLUMN would lose every stored
-- reason). A ticket was only ever rejected with QUOTA_EXCEEDED at confirm time for a full post:
-- that is ATTACHMENT_LIMIT_REACHED now. Any other value fails the cast and the migration with it.
ALTER TABLE "UploadTicket" ALTER COLUMN "rejectionReason" TYPE "TicketRejectionReason"
  USING (CASE "rejectionReason" WHEN 'QUOTA_EXCEEDED' THEN 'ATTACHMENT_LIMIT_REACHED' ELSE "rejectionReason" END)::"TicketRejectionReason";
