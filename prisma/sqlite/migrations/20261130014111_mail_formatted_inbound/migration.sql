-- AlterTable
ALTER TABLE "MailRequest" ADD COLUMN "approvedAt" DATETIME;
ALTER TABLE "MailRequest" ADD COLUMN "approvedHash" TEXT;

-- AlterTable
ALTER TABLE "MailApproval" ADD COLUMN "contentHash" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "html" TEXT;

-- CreateTable
CREATE TABLE "MailAttachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MailAttachment_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MailRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MailSuppression" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "InboundMail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "uidKey" TEXT NOT NULL,
    "messageId" TEXT,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "ticketId" TEXT,
    "outboxId" TEXT,
    "subject" TEXT,
    "sender" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "MailAttachment_requestId_position_key" ON "MailAttachment"("requestId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "MailSuppression_email_scope_key" ON "MailSuppression"("email", "scope");

-- CreateIndex
CREATE UNIQUE INDEX "InboundMail_uidKey_key" ON "InboundMail"("uidKey");

-- CreateIndex
CREATE INDEX "InboundMail_messageId_idx" ON "InboundMail"("messageId");

-- CreateIndex
CREATE INDEX "InboundMail_status_idx" ON "InboundMail"("status");

