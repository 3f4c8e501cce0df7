-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Ticket" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "unitId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "priority" TEXT NOT NULL DEFAULT 'normal',
    "topic" TEXT NOT NULL,
    "authorKey" TEXT,
    "summary" TEXT NOT NULL,
    "confidence" REAL NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "assignee" TEXT,
    "answer" TEXT,
    "replyStatus" TEXT,
    "dueAt" DATETIME,
    "warnedAt" DATETIME,
    "escalatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    CONSTRAINT "Ticket_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Ticket" ("answer", "assignee", "authorKey", "closedAt", "confidence", "createdAt", "dueAt", "escalatedAt", "id", "kind", "number", "replyStatus", "status", "summary", "topic", "unitId", "updatedAt", "warnedAt") SELECT "answer", "assignee", "authorKey", "closedAt", "confidence", "createdAt", "dueAt", "escalatedAt", "id", "kind", "number", "replyStatus", "status", "summary", "topic", "unitId", "updatedAt", "warnedAt" FROM "Ticket";
DROP TABLE "Ticket";
ALTER TABLE "new_Ticket" RENAME TO "Ticket";
CREATE UNIQUE INDEX "Ticket_number_key" ON "Ticket"("number");
CREATE INDEX "Ticket_unitId_status_idx" ON "Ticket"("unitId", "status");
CREATE INDEX "Ticket_authorKey_topic_status_idx" ON "Ticket"("authorKey", "topic", "status");
CREATE INDEX "Ticket_priority_status_idx" ON "Ticket"("priority", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

