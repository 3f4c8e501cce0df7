-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "priority" TEXT NOT NULL DEFAULT 'normal';

-- CreateIndex
CREATE INDEX "Ticket_priority_status_idx" ON "Ticket"("priority", "status");

