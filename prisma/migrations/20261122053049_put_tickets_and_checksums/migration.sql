-- CreateEnum
CREATE TYPE "UploadMethod" AS ENUM ('POST', 'PUT');

-- AlterTable
ALTER TABLE "File" ADD COLUMN     "checksumSha256" TEXT,
ADD COLUMN     "contentMd5" TEXT;

-- AlterTable
ALTER TABLE "UploadTicket" ADD COLUMN     "checksumSha256" TEXT,
ADD COLUMN     "contentMd5" TEXT,
ADD COLUMN     "method" "UploadMethod" NOT NULL DEFAULT 'POST';
