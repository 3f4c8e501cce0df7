-- AlterTable
ALTER TABLE "MailRequest" ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "approvedHash" TEXT;

-- AlterTable
ALTER TABLE "MailApproval" ADD COLUMN     "contentHash" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "html" TEXT;

-- CreateTable
CREATE TABLE "MailAttachment" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MailAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailSuppression" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MailSuppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundMail" (
    "id" TEXT NOT NULL,
    "uidKey" TEXT NOT NULL,
    "messageId" TEXT,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "ticketId" TEXT,
    "outboxId" TEXT,
    "subject" TEXT,
    "sender" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboundMail_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "MailAttachment" ADD CONSTRAINT "MailAttachment_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "MailRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

