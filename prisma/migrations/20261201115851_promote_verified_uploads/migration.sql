-- AlterTable
ALTER TABLE "UploadTicket" ADD COLUMN     "stagingSweptAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "PromotionAttempt" (
    "key" TEXT NOT NULL,
    "ticketId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PromotionAttempt_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "PromotionAttempt_createdAt_idx" ON "PromotionAttempt"("createdAt");

-- CreateIndex
CREATE INDEX "UploadTicket_stagingSweptAt_expiresAt_idx" ON "UploadTicket"("stagingSweptAt", "expiresAt");

-- AddForeignKey
ALTER TABLE "PromotionAttempt" ADD CONSTRAINT "PromotionAttempt_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "UploadTicket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Backfill (written by hand): files confirmed before promotion keep their key, which is their
-- ticket's key. The staging pass of the sweeper must never delete it: mark those tickets swept.
UPDATE "UploadTicket" t SET "stagingSweptAt" = CURRENT_TIMESTAMP
WHERE EXISTS (SELECT 1 FROM "File" f WHERE f.key = t.key);
