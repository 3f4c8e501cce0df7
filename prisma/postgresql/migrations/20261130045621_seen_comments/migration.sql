-- CreateTable
CREATE TABLE "SeenComment" (
    "accountId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "postId" TEXT NOT NULL,
    "at" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "SeenComment_pkey" PRIMARY KEY ("accountId","externalId")
);

-- CreateIndex
CREATE INDEX "SeenComment_accountId_postId_idx" ON "SeenComment"("accountId", "postId");

