-- AlterTable
ALTER TABLE "PlatformAction" ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "escalatedAt" TIMESTAMP(3),
ADD COLUMN     "uncertain" BOOLEAN NOT NULL DEFAULT false;

