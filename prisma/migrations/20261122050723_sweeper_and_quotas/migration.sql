-- DropIndex
DROP INDEX "File_detachedAt_idx";

-- AlterTable
ALTER TABLE "UploadTicket" ADD COLUMN     "objectDeletedAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "File_detachedAt_objectDeletedAt_idx" ON "File"("detachedAt", "objectDeletedAt");

-- CreateIndex
CREATE INDEX "UploadTicket_ownerId_createdAt_idx" ON "UploadTicket"("ownerId", "createdAt");

-- CreateIndex
CREATE INDEX "UploadTicket_status_objectDeletedAt_settledAt_idx" ON "UploadTicket"("status", "objectDeletedAt", "settledAt");
