-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PlatformAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "commentId" TEXT NOT NULL,
    "decisionId" TEXT,
    "kind" TEXT NOT NULL,
    "payload" JSONB,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "response" JSONB,
    "requestedBy" TEXT NOT NULL DEFAULT 'system',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "claimedBy" TEXT,
    "uncertain" BOOLEAN NOT NULL DEFAULT false,
    "escalatedAt" DATETIME,
    CONSTRAINT "PlatformAction_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PlatformAction_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_PlatformAction" ("attempts", "commentId", "createdAt", "decisionId", "finishedAt", "id", "idempotencyKey", "kind", "lastError", "nextAttemptAt", "payload", "requestedBy", "response", "startedAt", "status") SELECT "attempts", "commentId", "createdAt", "decisionId", "finishedAt", "id", "idempotencyKey", "kind", "lastError", "nextAttemptAt", "payload", "requestedBy", "response", "startedAt", "status" FROM "PlatformAction";
DROP TABLE "PlatformAction";
ALTER TABLE "new_PlatformAction" RENAME TO "PlatformAction";
CREATE UNIQUE INDEX "PlatformAction_idempotencyKey_key" ON "PlatformAction"("idempotencyKey");
CREATE INDEX "PlatformAction_status_nextAttemptAt_idx" ON "PlatformAction"("status", "nextAttemptAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

