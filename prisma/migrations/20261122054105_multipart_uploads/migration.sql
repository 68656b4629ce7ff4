-- AlterEnum
ALTER TYPE "UploadMethod" ADD VALUE 'MULTIPART';

-- AlterEnum
ALTER TYPE "UploadPurpose" ADD VALUE 'VIDEO';

-- AlterTable
ALTER TABLE "UploadTicket" ADD COLUMN     "partCount" INTEGER,
ADD COLUMN     "partSize" BIGINT,
ADD COLUMN     "uploadId" TEXT;
