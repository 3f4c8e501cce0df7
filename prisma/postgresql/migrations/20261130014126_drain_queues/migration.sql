-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "routingAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "routingClaimedBy" TEXT,
ADD COLUMN     "routingClaimedUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "DeadLetter" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedBy" TEXT,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "DeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DeadLetter_status_idx" ON "DeadLetter"("status");

-- CreateIndex
CREATE UNIQUE INDEX "DeadLetter_accountId_externalId_key" ON "DeadLetter"("accountId", "externalId");

